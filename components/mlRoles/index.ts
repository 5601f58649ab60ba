import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lookupAwsContext } from "../naming";
import { parseArgs } from "../args";
import { MlRolesArgs, mlRolesArgsSchema } from "./args";
import { PersonaRole } from "../personaRole";
import { personaRoleKey } from "./rolePlan";

export * from "./args";
export * from "./rolePlan";

/**
 * The platform-wide IAM roles: one SageMaker execution role per persona (each
 * owned, with its guardrails, by a PersonaRole component), each
 * trusted by exactly one service principal for this account only, each with one inline policy scoped to
 * the ARNs of this stack (pipelines own their roles). Seeds 000/001 gave
 * one role `s3:*`, `ecr:*`, `logs:*`, `sagemaker:*` and `iam:PassRole` on `*`; these roles can do what
 * their workload does and nothing else.
 */
export class MlRoles extends pulumi.ComponentResource {
    /** Roles by key: `sagemaker:<persona>`. */
    readonly roles: Record<string, aws.iam.Role>;
    /** The persona execution roles (each a PersonaRole component), by persona name. */
    readonly personas: Record<string, PersonaRole>;
    /** Role ARNs by the same keys. */
    readonly roleArns: pulumi.Output<Record<string, string>>;
    /** The SageMaker execution role ARN of each persona, by persona name (what StudioDomain takes). */
    readonly personaRoleArns: pulumi.Output<Record<string, string>>;

    constructor(name: string, rawArgs: MlRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:MlRoles", name, {}, opts);
        const args = parseArgs(mlRolesArgsSchema, rawArgs, "MlRoles", name);
        const ctx = args.context ? pulumi.output(args.context) : lookupAwsContext({ parent: this });

        this.roles = {};
        // Each persona owns its execution role and guardrails (PersonaRole); the roles were children of this
        // component before, hence `movedFrom`.
        this.personas = {};
        for (const persona of args.personas) {
            this.personas[persona] = new PersonaRole(
                `${name}-sagemaker-${persona}`,
                {
                    prefix: args.prefix,
                    environment: args.environment,
                    persona,
                    access: args.personaAccess?.[persona],
                    dataBucketArn: args.dataBucketArn,
                    artifactsBucketArn: args.artifactsBucketArn,
                    kmsKeyArn: args.kmsKeyArn,
                    studioGuardrails: args.studioGuardrails,
                    context: ctx,
                },
                { parent: this, movedFrom: this },
            );
            this.roles[personaRoleKey(persona)] = this.personas[persona].role;
        }
        this.roleArns = pulumi.output(
            Object.fromEntries(Object.entries(this.roles).map(([k, r]) => [k, r.arn])),
        ) as pulumi.Output<Record<string, string>>;
        this.personaRoleArns = pulumi.output(
            Object.fromEntries(args.personas.map((persona) => [persona, this.personas[persona].roleArn])),
        ) as pulumi.Output<Record<string, string>>;
        this.registerOutputs({ roleArns: this.roleArns, personaRoleArns: this.personaRoleArns });
    }
}
