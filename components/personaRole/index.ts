import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArgs } from "../args";
import { SERVICE, personaRolePolicy, roleIdentities, trustPolicy } from "../mlRoles/rolePlan";
import { Naming, lookupAwsContext } from "../naming";
import { GuardrailInput } from "../studioDomain/guardrails";
import { PersonaRoleArgs, personaRoleArgsSchema } from "./args";

export * from "./args";

/**
 * One persona's SageMaker execution role and the policy it owns: what the persona's jobs may read and
 * write, and, when a Studio domain uses the role, the Studio guardrails (Deny statements). The role is
 * trusted by SageMaker only, for this account only.
 */
export class PersonaRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly policy: aws.iam.RolePolicy;
    readonly roleArn: pulumi.Output<string>;

    /**
     * `name` is also the name of the role and its policy. `movedFrom` is the resource these two were children
     * of before the persona had a component of its own: given, they keep their state through aliases.
     */
    constructor(name: string, rawArgs: PersonaRoleArgs, opts?: pulumi.ComponentResourceOptions & { movedFrom?: pulumi.Resource }) {
        const { movedFrom, ...componentOpts } = opts ?? {};
        super("mlplatform:components:PersonaRole", name, {}, componentOpts);
        const args = parseArgs(personaRoleArgsSchema, rawArgs, "PersonaRole", name);
        const naming = new Naming(args.prefix, args.environment);
        const ctx = args.context ? pulumi.output(args.context) : lookupAwsContext({ parent: this });
        const identity = roleIdentities(naming, [args.persona])[0];

        this.role = new aws.iam.Role(
            name,
            {
                name: identity.roleName,
                path: identity.path,
                description: identity.description,
                maxSessionDuration: identity.maxSessionDurationSeconds,
                // Studio passes the user's profile name as source identity (USER_PROFILE_NAME), which the
                // trust policy must allow when Studio uses the role.
                assumeRolePolicy: ctx.apply((c) => JSON.stringify(trustPolicy(SERVICE.sagemaker, c.accountId, args.studioGuardrails ? ["sts:AssumeRole", "sts:SetSourceIdentity"] : ["sts:AssumeRole"]))),
            },
            { parent: this, aliases: movedFrom ? [{ parent: movedFrom }] : undefined },
        );
        const policy = pulumi
            .all([ctx, args.dataBucketArn, args.artifactsBucketArn, args.kmsKeyArn, pulumi.output(args.studioGuardrails)])
            .apply(([c, dataBucketArn, artifactsBucketArn, kmsKeyArn, studio]) =>
                personaRolePolicy(
                    { naming, ctx: c, dataBucketArn, artifactsBucketArn, kmsKeyArn, personaAccess: args.access ? { [args.persona]: args.access } : undefined, studio: studio as Omit<GuardrailInput, "ctx"> | undefined },
                    args.persona,
                ),
            );
        // A separate RolePolicy (never the role's `inlinePolicies`) so the two never fight over the role's policies.
        this.policy = new aws.iam.RolePolicy(
            name,
            { role: this.role.name, name: "least-privilege", policy: policy.apply((d) => JSON.stringify(d)) },
            // The role's own move changes this child's URN too: its alias names the role's former URN as parent.
            { parent: this.role, aliases: movedFrom ? [{ parent: pulumi.createUrn(name, "aws:iam/role:Role", movedFrom) }] : undefined },
        );
        this.roleArn = this.role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
