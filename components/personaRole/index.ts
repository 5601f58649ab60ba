import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArgs } from "../args";
import { SERVICE_PRINCIPALS } from "../aws";
import { trustPolicy } from "../iam/statements";
import { Naming, lookupAwsContext } from "../naming";
import { GuardrailInput } from "../studioDomain/guardrails";
import { PersonaRoleArgs, personaRoleArgsSchema } from "./args";
import { RoleName, personaAccess, personaRoleIdentity, personaRolePolicy } from "./policy";

export * from "./args";
export * from "./policy";

const ROLE_TYPE = "aws:iam/role:Role";

/** PersonaRole's options: a component's, plus where its role lived before (to keep the role's state). */
export interface PersonaRoleOptions extends pulumi.ComponentResourceOptions {
    /**
     * URNs of the resources the role (and its policy) were children of before: given, both keep their state
     * through aliases instead of being replaced. Pass the component's own former parents in `aliases`.
     */
    roleFormerParents?: pulumi.Input<string>[];
}

/**
 * One persona's SageMaker execution role and the policy it owns: what the persona's jobs may read and
 * write, and, when a Studio domain uses the role, the Studio guardrails (Deny statements). The role is
 * trusted by SageMaker only, for this account only.
 */
export class PersonaRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly policy: aws.iam.RolePolicy;
    readonly roleArn: pulumi.Output<string>;
    /** The role's name and path, known before deployment: what a policy that passes this role names. */
    readonly identity: RoleName;

    /** `name` is also the name of the role and its policy. */
    constructor(name: string, rawArgs: PersonaRoleArgs, opts?: PersonaRoleOptions) {
        const { roleFormerParents = [], ...componentOpts } = opts ?? {};
        super("mlplatform:components:PersonaRole", name, {}, componentOpts);
        const args = parseArgs(personaRoleArgsSchema, rawArgs, "PersonaRole", name);
        const naming = new Naming(args.prefix, args.environment);
        const ctx = args.context ? pulumi.output(args.context) : lookupAwsContext({ parent: this });
        const identity = personaRoleIdentity(naming, args.persona);
        this.identity = { roleName: identity.roleName, path: identity.path };
        const aliasesUnder = (parents: pulumi.Input<string>[]) => (parents.length ? parents.map((parent) => ({ parent })) : undefined);

        this.role = new aws.iam.Role(
            name,
            {
                name: identity.roleName,
                path: identity.path,
                description: identity.description,
                maxSessionDuration: identity.maxSessionDurationSeconds,
                // Studio passes the user's profile name as source identity (USER_PROFILE_NAME), which the
                // trust policy must allow when Studio uses the role.
                assumeRolePolicy: ctx.apply((c) =>
                    JSON.stringify(trustPolicy(SERVICE_PRINCIPALS.sagemaker, c.accountId, args.studioGuardrails ? ["sts:AssumeRole", "sts:SetSourceIdentity"] : ["sts:AssumeRole"])),
                ),
            },
            { parent: this, aliases: aliasesUnder(roleFormerParents) },
        );
        const access = personaAccess(args.persona, args.access);
        const policy = pulumi
            .all([ctx, args.dataBucketArn, args.artifactsBucketArn, args.kmsKeyArn, pulumi.output(args.studioGuardrails)])
            .apply(([c, dataBucketArn, artifactsBucketArn, kmsKeyArn, studio]) =>
                personaRolePolicy({ naming, ctx: c, persona: args.persona, access, dataBucketArn, artifactsBucketArn, kmsKeyArn, studio: studio as Omit<GuardrailInput, "ctx"> | undefined }),
            );
        // A separate RolePolicy (never the role's `inlinePolicies`) so the two never fight over the role's policies.
        this.policy = new aws.iam.RolePolicy(
            name,
            { role: this.role.name, name: "least-privilege", policy: policy.apply((d) => JSON.stringify(d)) },
            // The role's move changes this child's URN too: its aliases name the role's former URNs as parents.
            { parent: this.role, aliases: aliasesUnder(roleFormerParents.map((p) => pulumi.createUrn(name, ROLE_TYPE, p))) },
        );
        this.roleArn = this.role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
