import { z } from "zod";
import { ArgsProblem } from "../components/args";
import endpointServices from "./awsEndpointServices.json";

/**
 * The AWS settings of a stack (`aws:*` keys of `Pulumi.<stack>.yaml`) that the program's explicit provider
 * honours. Pulumi.yaml disables the default provider, and an explicit provider reads nothing from `aws:*`
 * config by itself: every key a stack may set is parsed here and handed to the provider, and any other
 * `aws:` key is an error, so no setting is ever silently ignored (a stack pointed at prod with
 * `aws:profile` must really use that profile).
 */

const ACCOUNT_ID = /^\d{12}$/;
const SERVICES = new Set(endpointServices.services);
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const DURATION = /^(\d+h)?(\d+m)?(\d+s)?$/;
const HTTPS_URL = /^https:\/\/[^\s/$.?#][^\s]*$/;

const accountIds = (what: string) =>
    z
        .array(z.string().regex(ACCOUNT_ID), { error: `a list of 12-digit account IDs ${what}` })
        .min(1, { error: `at least one 12-digit account ID ${what}` })
        .refine((a) => new Set(a).size === a.length, { error: "distinct account IDs" });

/** Zod schemas of the honoured keys, with the sentence a user sees when one is bad. */
export const AWS_PROVIDER_KEYS = {
    "aws:profile": {
        json: false,
        schema: z.string().regex(/^[\w.+=,@:/-]{1,128}$/),
        allowed: "a profile name of the shared AWS config file, e.g. sefaz-ml-dev (optional; for people deploying from a workstation)",
    },
    "aws:assumeRoles": {
        json: true,
        nested: true,
        schema: z
            .array(
                z.strictObject({
                    roleArn: z.string({ error: "the ARN of the role to assume (required)" }).regex(ROLE_ARN, { error: "an IAM role ARN such as arn:aws:iam::<account>:role/sefaz-ml-deploy" }),
                    sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, { error: "2-64 letters, digits or + = , . @ _ -" }).optional(),
                    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, { error: "2-1224 letters, digits or + = , . @ : / _ -" }).optional(),
                    duration: z.string().regex(DURATION).refine((d) => d.length > 0, { error: "a duration such as 1h or 15m" }).optional(),
                    sourceIdentity: z.string().regex(/^[\w+=,.@-]{2,64}$/, { error: "2-64 letters, digits or + = , . @ _ -" }).optional(),
                    tags: z.record(z.string(), z.string(), { error: "a map of session tags" }).optional(),
                    transitiveTagKeys: z.array(z.string(), { error: "a list of session tag keys" }).optional(),
                }),
                { error: "a list of roles to assume, each {roleArn, sessionName?, externalId?, duration?, sourceIdentity?, tags?, transitiveTagKeys?}" },
            )
            .min(1, { error: "at least one role" }),
        allowed: "a list of roles to assume, each {roleArn, sessionName?, externalId?, duration?, sourceIdentity?, tags?, transitiveTagKeys?} (optional)",
    },
    "aws:allowedAccountIds": {
        json: true,
        schema: accountIds("the stack may deploy to"),
        allowed: "a list of the 12-digit account IDs the stack may deploy to (required in prod)",
    },
    "aws:forbiddenAccountIds": {
        json: true,
        schema: accountIds("the stack must never deploy to"),
        allowed: "a list of the 12-digit account IDs the stack must never deploy to (optional; not together with aws:allowedAccountIds)",
    },
    "aws:endpoints": {
        json: true,
        nested: true,
        schema: z
            .array(
                z
                    .record(z.string(), z.string().regex(HTTPS_URL, { error: "an https:// URL" }), { error: "a map of service name to https:// URL" })
                    .superRefine((endpoints, issues) => {
                        for (const name of Object.keys(endpoints).filter((n) => !SERVICES.has(n))) {
                            issues.addIssue({ code: "custom", path: [name], message: `a service name as @pulumi/aws names it (${endpointServices.generatedFrom}), e.g. sts, s3, sagemaker` });
                        }
                    }),
                { error: "a list of maps of service name to https:// URL" },
            )
            .length(1, { error: "one map of service name to URL (the provider takes a single endpoints block)" }),
        allowed: "one map of service name to https:// URL, e.g. [{sts: https://sts.us-east-1.amazonaws.com}] (optional)",
    },
} as const;

/**
 * The settings the explicit provider takes, as the keys' schemas describe them (field names are the
 * provider's: `aws:assumeRoles` is `assumeRoles`).
 */
export const awsProviderSettingsSchema = z.object({
    /** Named profile of the shared config and credentials files. */
    profile: AWS_PROVIDER_KEYS["aws:profile"].schema.optional(),
    /** Roles to assume, first to last (the provider's `assumeRoles` chain). */
    assumeRoles: AWS_PROVIDER_KEYS["aws:assumeRoles"].schema.optional(),
    /** The only accounts the provider may act in (it refuses credentials of any other). */
    allowedAccountIds: AWS_PROVIDER_KEYS["aws:allowedAccountIds"].schema.optional(),
    /** Accounts the provider must never act in. */
    forbiddenAccountIds: AWS_PROVIDER_KEYS["aws:forbiddenAccountIds"].schema.optional(),
    /** Service endpoint overrides, e.g. `[{sts: "https://sts.us-east-1.amazonaws.com"}]`. */
    endpoints: AWS_PROVIDER_KEYS["aws:endpoints"].schema.optional(),
});
export type AwsProviderSettings = z.infer<typeof awsProviderSettingsSchema>;

/** Why a set `aws:` key the program does not honour is refused, and what to use instead. */
const REFUSED_AWS_KEYS: Record<string, string> = {
    "aws:accessKey": "static credentials do not belong in config; use aws:profile locally or aws:assumeRoles from CI (OIDC)",
    "aws:secretKey": "static credentials do not belong in config; use aws:profile locally or aws:assumeRoles from CI (OIDC)",
    "aws:token": "static credentials do not belong in config; use aws:profile locally or aws:assumeRoles from CI (OIDC)",
    "aws:assumeRole": "@pulumi/aws 7 takes aws:assumeRoles, a list of roles",
    "aws:defaultTags": "the program sets the provider's default tags from the required tags; put extra tags in mlplatform:tags",
};

/**
 * Cross-key rules of the AWS settings: a set `aws:` key the program does not honour, prod without
 * `aws:allowedAccountIds`, allowed and forbidden together, and an assumed role outside the allowed
 * accounts (or inside the forbidden ones).
 */
export function awsSettingsProblems(all: Record<string, string>, settings: AwsProviderSettings, isProd: boolean): ArgsProblem[] {
    const problems: ArgsProblem[] = [];
    const honoured = new Set(["aws:region", ...Object.keys(AWS_PROVIDER_KEYS)]);
    for (const key of Object.keys(all).filter((k) => k.startsWith("aws:") && !honoured.has(k))) {
        problems.push({
            key,
            found: "a key the program's explicit AWS provider does not read (it would be silently ignored)",
            allowed: `remove it: ${REFUSED_AWS_KEYS[key] ?? `the provider honours only ${[...honoured].join(", ")}`}`,
        });
    }
    if (isProd && !settings.allowedAccountIds && all["aws:allowedAccountIds"] === undefined) {
        problems.push({
            key: "aws:allowedAccountIds",
            found: "nothing (the key is missing)",
            allowed: "a list holding the prod account's 12-digit ID: required in prod, so credentials of any other account are refused before anything is changed",
        });
    }
    if (settings.allowedAccountIds && settings.forbiddenAccountIds) {
        problems.push({ key: "aws:forbiddenAccountIds", found: JSON.stringify(settings.forbiddenAccountIds), allowed: "nothing when aws:allowedAccountIds is set (the provider takes one or the other)" });
    }
    (settings.assumeRoles ?? []).forEach((role, i) => {
        const account = ROLE_ARN.exec(role.roleArn)?.[1];
        if (!account) return;
        const last = i === settings.assumeRoles!.length - 1;
        if (last && settings.allowedAccountIds && !settings.allowedAccountIds.includes(account)) {
            problems.push({
                key: `aws:assumeRoles[${i}].roleArn`,
                found: JSON.stringify(role.roleArn),
                allowed: `a role in an allowed account (${settings.allowedAccountIds.join(", ")}): the stack deploys with the last role of the chain`,
            });
        }
        if (settings.forbiddenAccountIds?.includes(account)) {
            problems.push({ key: `aws:assumeRoles[${i}].roleArn`, found: JSON.stringify(role.roleArn), allowed: `a role outside the forbidden accounts (${settings.forbiddenAccountIds.join(", ")})` });
        }
    });
    return problems;
}

/** The settings that are set, as @pulumi/aws's Provider takes them (unset keys left out, not undefined). */
export function providerArgs(settings: AwsProviderSettings): AwsProviderSettings {
    return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as AwsProviderSettings;
}
