import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { input, logRetentionDaysSchema } from "../args";
import { AwsContext } from "../naming";

/**
 * The arguments of StudioDomain, as one zod schema: the Studio settings (what `mlplatform:studio` holds,
 * each field described as in the README's table, with the rules between fields) and the platform
 * resources the domain uses.
 */

const INSTANCE_TYPE = /^(system|ml\.[a-z0-9]+\.[a-z0-9]+)$/;
const USER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function isCidr(cidr: string): boolean {
    const m = CIDR.exec(cidr);
    return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

/** A Studio user: profile name (also the `studiouserid` tag) and the persona that picks the execution role. */
export const studioUserSchema = z.strictObject({
    name: z.string({ error: "the profile name (required)" }).regex(USER_NAME, { error: "a profile name (letters, digits, hyphens, up to 63)" }),
    persona: z.string({ error: "the user's persona (required)" }),
    /** IAM Identity Center user name, for authMode SSO. */
    ssoUserName: z.string({ error: "the IAM Identity Center user name" }).optional(),
});
export type StudioUser = z.infer<typeof studioUserSchema>;

/** Capacity inputs of the IP plan (whitepaper's network planning) and the app-quota warning. */
export const studioCapacitySchema = z
    .strictObject({
        /** Expected concurrent users; default the users listed (at least 1). */
        expectedUsers: z.number().int().min(1).optional(),
        instanceTypesPerUser: z.number().int().min(0).default(2),
        trainingInstancesPerUser: z.number().int().min(0).default(1),
        efa: z.boolean().optional(),
        growthPercent: z.number().min(0).default(25),
        appsPerUser: z.number().int().min(1).default(3),
    })
    .prefault({})
    .describe("the IP plan and the app-quota warning");

/** The fields of the Studio settings; `defaultPersona` is optional here (the stack defaults it to its first persona). */
const studioSettingsFields = {
    authMode: z.enum(["IAM", "SSO"], { error: "IAM or SSO" }).default("IAM").describe("fixed when the domain is created"),
    instanceTypes: z
        .array(z.string().regex(INSTANCE_TYPE, { error: "an instance type of the form ml.<family>.<size> (or system)" }), { error: "a list of instance types" })
        .default(["system", "ml.t3.medium", "ml.m5.large", "ml.c5.large"])
        .describe("the allow-list of apps and jobs (IAM Deny on the persona roles, and the pack's check)"),
    defaultInstanceType: z.string({ error: "one of instanceTypes" }).default("ml.t3.medium").describe("JupyterLab's default"),
    idleTimeoutMinutes: z
        .number({ error: "a whole number of minutes from 60 to 525600 (SageMaker's idle-shutdown range)" })
        .int({ error: "a whole number of minutes from 60 to 525600 (SageMaker's idle-shutdown range)" })
        .min(60, { error: "a whole number of minutes from 60 to 525600 (SageMaker's idle-shutdown range)" })
        .max(525600, { error: "a whole number of minutes from 60 to 525600 (SageMaker's idle-shutdown range)" })
        .default(60)
        .describe("built-in idle shutdown of JupyterLab apps"),
    allowedSourceIps: z
        .array(z.string().refine(isCidr, { error: "an IPv4 CIDR such as 203.0.113.0/24" }), { error: "a list of CIDR ranges" })
        .default([])
        .describe("where people may open Studio from, besides the Studio VPC endpoint"),
    approvedImageArns: z.array(z.string(), { error: "a list of SageMaker image ARNs" }).default([]).describe("the only custom images apps may run"),
    requiredJobTags: z.array(z.string(), { error: "a list of tag keys" }).default(["studiouserid"]).describe("tags every training/processing job must carry"),
    defaultPersona: z.string({ error: "a persona" }).optional().describe("the domain's and shared spaces' execution role"),
    users: z
        .array(studioUserSchema, { error: "a list of users: {name, persona}" })
        .default([])
        .describe("one user profile each, tagged `studiouserid: <name>`, with its own security group"),
    sharedSpaces: z
        .array(z.strictObject({ name: z.string().regex(USER_NAME, { error: "a space name" }), owner: z.string({ error: "the user who owns the space (required)" }) }), {
            error: "a list of {name, owner}",
        })
        .default([])
        .describe("shared JupyterLab spaces"),
    capacity: studioCapacitySchema,
    backupRetentionDays: z
        .number({ error: "a whole number of days, at least 1" })
        .int({ error: "a whole number of days, at least 1" })
        .min(1, { error: "a whole number of days, at least 1" })
        .default(35)
        .describe("AWS Backup of the home EFS (prod)"),
    createStudioLogGroup: z.boolean({ error: "true or false" }).default(true).describe("pre-create `/aws/sagemaker/studio` (only one stack per account and region may)"),
};

type StudioFields = z.infer<z.ZodObject<typeof studioSettingsFields>>;

/** The rules between the Studio fields. */
function studioRules(s: StudioFields, ctx: z.RefinementCtx): void {
    const issue = (path: PropertyKey[], input: unknown, message: string) => ctx.addIssue({ code: "custom", path, input, message });
    if (!s.instanceTypes.includes("system")) issue(["instanceTypes"], s.instanceTypes, 'a list that includes "system": the default Jupyter server runs on it');
    if (!s.instanceTypes.includes(s.defaultInstanceType)) issue(["defaultInstanceType"], s.defaultInstanceType, `one of instanceTypes (${s.instanceTypes.join(", ")})`);
    const seen = new Set<string>();
    s.users.forEach((u, i) => {
        if (seen.has(u.name)) issue(["users", i, "name"], u.name, "a name no other user has: each user has one profile");
        seen.add(u.name);
        if (s.authMode === "SSO" && !u.ssoUserName) issue(["users", i, "ssoUserName"], u.ssoUserName, "the IAM Identity Center user name (required with authMode SSO)");
    });
    s.sharedSpaces.forEach((sp, i) => {
        if (!seen.has(sp.owner)) issue(["sharedSpaces", i, "owner"], sp.owner, `one of the configured users (${[...seen].join(", ") || "none"})`);
    });
}

/** The Studio settings as the stack configures them (`mlplatform:studio`): `defaultPersona` may be omitted. */
export const studioSettingsSchema = z.strictObject(studioSettingsFields).superRefine(studioRules);
export type StudioSettingsInput = z.input<typeof studioSettingsSchema>;
/** The Studio settings as the domain takes them: the same fields and rules, with its default persona required. */
export const studioDomainSettingsSchema = z
    .strictObject({ ...studioSettingsFields, defaultPersona: z.string({ error: "the persona whose role is the domain's default (required)" }) })
    .superRefine(studioRules);
/** Studio settings with every default filled in. */
export type StudioSettings = z.output<typeof studioDomainSettingsSchema>;

/** Problems of the settings' personas against the personas that have execution roles, as `[path, found, allowed]`. */
export function studioPersonaProblems(s: Pick<StudioSettings, "defaultPersona" | "users">, personas: readonly string[], owner = "the stack's personas"): Array<[PropertyKey[], string, string]> {
    const allowed = `one of ${owner} (${personas.join(", ")})`;
    const problems: Array<[PropertyKey[], string, string]> = [];
    if (!personas.includes(s.defaultPersona)) problems.push([["defaultPersona"], s.defaultPersona, allowed]);
    s.users.forEach((u, i) => {
        if (!personas.includes(u.persona)) problems.push([["users", i, "persona"], u.persona, allowed]);
    });
    return problems;
}

/** The arguments of StudioDomain. */
export const studioDomainArgsSchema = z.object({
    prefix: z.string({ error: "the platform's name prefix, e.g. sefaz-ml (required)" }),
    environment: z.string({ error: "the environment name, e.g. dev (required)" }),
    settings: studioDomainSettingsSchema,
    /** VPC, private subnets and the Studio security group of the platform network. */
    network: z.object({
        vpcId: input<string>("the VPC ID"),
        subnetIds: input<pulumi.Input<string>[]>("the private subnet IDs"),
        studioSecurityGroupId: input<string>("the Studio security group ID"),
        /** Endpoints people may open Studio through: the Studio endpoint and the SageMaker API endpoint. */
        launchVpcEndpointIds: input<pulumi.Input<string>[]>("VPC endpoint IDs").optional(),
    }),
    /** Execution role ARN of each persona, by persona name (each PersonaRole's roleArn). */
    personaRoleArns: input<Record<string, pulumi.Input<string>>>("the execution role ARN of each persona"),
    /** Platform KMS key: the domain's EFS and EBS, logs and backups. */
    kmsKeyArn: input<string>("the platform KMS key's ARN"),
    logRetentionDays: logRetentionDaysSchema,
    /** Protect the domain (its VPC, subnets, auth mode and EFS key cannot change without replacement) and keep the home EFS. */
    protect: z.boolean().default(false),
    /** Back the home EFS up with AWS Backup (prod). */
    backup: z.boolean().default(false),
    context: z.custom<pulumi.Input<AwsContext>>().optional(),
}).superRefine((args, ctx) => {
    // A persona without an execution role is refused with the other bad arguments (when the map is known now).
    const roles = args.personaRoleArns;
    if (pulumi.Output.isInstance(roles) || typeof roles !== "object" || roles === null || roles instanceof Promise) return;
    for (const [path, found, allowed] of studioPersonaProblems(args.settings, Object.keys(roles), "the personas of personaRoleArns")) {
        ctx.addIssue({ code: "custom", path: ["settings", ...path], input: found, message: allowed });
    }
});

/** What a caller passes to StudioDomain (settings' defaults may be omitted). */
export type StudioDomainArgs = z.input<typeof studioDomainArgsSchema>;
