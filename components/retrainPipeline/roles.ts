import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../naming";
import { PIPELINE_ROLE_KEYS, PipelineRoleKey, pipelineRolePolicies, pipelineTrustPolicy } from "./iam";
import { PipelineNames } from "./names";
import { ParsedRetrainPipelineArgs, PipelineRoles } from "./part";

/**
 * The pipeline's roles, each with one inline RolePolicy of exactly this pipeline's resources. They stay
 * children of the pipeline itself: every part uses some of them.
 */
export function createPipelineRoles(
    pipeline: pulumi.Resource,
    name: string,
    args: ParsedRetrainPipelineArgs,
    names: PipelineNames,
    ctx: pulumi.Output<AwsContext>,
    credentialsSecretArn: pulumi.Input<string>,
): PipelineRoles {
    const s = args.settings;
    const documents = pulumi
        .all([ctx, args.dataBucket.arn, args.artifactsBucket.arn, args.kmsKeyArn, credentialsSecretArn])
        .apply(([c, dataBucketArn, artifactsBucketArn, kmsKeyArn, secretArn]) =>
            pipelineRolePolicies({ names, ctx: c, dataBucketArn, artifactsBucketArn, kmsKeyArn, secretArn, metricNamespace: s.metricNamespace }),
        );
    const roles = {} as Record<PipelineRoleKey, aws.iam.Role>;
    // Users of a role wait for its permissions, not just the role: a state machine created before its
    // role may write logs fails ("not authorized to access the Log Destination").
    const permissions = {} as Record<PipelineRoleKey, aws.iam.RolePolicy>;
    for (const key of PIPELINE_ROLE_KEYS) {
        const role = new aws.iam.Role(
            `${name}-${key}`,
            {
                name: names.role(key),
                description: `${s.name} retraining pipeline: ${key}`,
                assumeRolePolicy: ctx.apply((c) => JSON.stringify(pipelineTrustPolicy(key, c.accountId))),
                maxSessionDuration: 3600,
            },
            { parent: pipeline },
        );
        permissions[key] = new aws.iam.RolePolicy(
            `${name}-${key}`,
            { role: role.name, name: "least-privilege", policy: documents.apply((d) => JSON.stringify(d[key])) },
            { parent: role },
        );
        roles[key] = role;
    }
    return { roles, permissions };
}
