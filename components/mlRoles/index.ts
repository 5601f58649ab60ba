import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArgs } from "../args";
import { Naming, lookupAwsContext } from "../naming";
import { MlRolesArgs, mlRolesArgsSchema } from "./args";
import { mlopsRoleIdentity, mlopsRolePolicy, trustPolicy } from "./rolePlan";

export * from "./args";
export * from "./rolePlan";

/**
 * The MLOps pipeline role of seed 001: trusted by CodeBuild for this account only, with one inline policy
 * scoped to the ARNs of this stack. Seeds 000/001 gave one role `s3:*`, `ecr:*`, `logs:*`, `sagemaker:*`
 * and `iam:PassRole` on `*`; this role can do what its workload does and nothing else. Persona execution
 * roles belong to their PersonaRole components (the stack creates one per persona); pipelines own theirs.
 */
export class MlRoles extends pulumi.ComponentResource {
    readonly mlopsRole: aws.iam.Role;
    readonly mlopsRoleArn: pulumi.Output<string>;

    constructor(name: string, rawArgs: MlRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:MlRoles", name, {}, opts);
        const args = parseArgs(mlRolesArgsSchema, rawArgs, "MlRoles", name);
        const naming = new Naming(args.prefix, args.environment);
        const ctx = args.context ? pulumi.output(args.context) : lookupAwsContext({ parent: this });
        const document = pulumi
            .all([ctx, args.artifactsBucketArn, args.kmsKeyArn])
            .apply(([c, artifactsBucketArn, kmsKeyArn]) => mlopsRolePolicy({ naming, ctx: c, artifactsBucketArn, kmsKeyArn, mlops: args.mlops, engineerRole: args.engineerRole }));

        const mlops = mlopsRoleIdentity(naming);
        this.mlopsRole = new aws.iam.Role(
            `${name}-mlops`,
            {
                name: mlops.roleName,
                path: mlops.path,
                description: mlops.description,
                maxSessionDuration: mlops.maxSessionDurationSeconds,
                assumeRolePolicy: ctx.apply((c) => JSON.stringify(trustPolicy(mlops.service, c.accountId, ["sts:AssumeRole"]))),
            },
            { parent: this },
        );
        // A separate RolePolicy (never the role's inline `inlinePolicies`) so the two never fight over
        // the role's policies (awsguard's iam-role-no-policy-management-conflicts).
        new aws.iam.RolePolicy(`${name}-mlops`, { role: this.mlopsRole.name, name: "least-privilege", policy: document.apply((d) => JSON.stringify(d)) }, { parent: this.mlopsRole });
        this.mlopsRoleArn = this.mlopsRole.arn;
        this.registerOutputs({ mlopsRoleArn: this.mlopsRoleArn });
    }
}
