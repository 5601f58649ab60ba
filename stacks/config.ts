import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PersonaAccess, personaDefinitionsSchema } from "../components/mlRoles/args";
import { MlopsProjectNames, MlopsProjectSettings, mlopsNameCollisions, mlopsNameProblems, mlopsProjectSettingsSchema } from "../components/mlopsProject";
import { Naming } from "../components/naming";
import { DEFAULT_INTERFACE_ENDPOINTS, endpointsForFeatures } from "../components/network/endpoints";
import { NetworkConfigInput, networkConfigSchema } from "../components/network/args";
import { StudioIpPlan, planStudioIps, prefixLength, subnetCapacityProblems, usableAddresses } from "../components/network/ipPlan";
import { PipelineNames, pipelineNameProblems } from "../components/retrainPipeline/names";
import { StudioSettings, studioPersonaProblems, studioSettingsSchema } from "../components/studioDomain/args";
import { PipelineSettings, pipelineSettingsSchema, retrainPipelineArgsSchema } from "../components/retrainPipeline/args";
import { ArgsProblem, LOG_RETENTION_DAYS, logRetentionDaysSchema, pathText, problemLines, show, valueAt } from "../components/args";
import { platformKeyArgsSchema } from "../components/platformKey/args";
import { mlDataBucketArgsSchema } from "../components/mlDataBucket/args";
import { AWS_PROVIDER_KEYS, AwsProviderSettings, awsSettingsProblems, providerArgs } from "./awsProvider";

/**
 * The one place that reads stack configuration. Everything a stack may vary (names, environment,
 * tags, retention, protection) is parsed and validated here, before any resource is registered,
 * so a bad `Pulumi.<stack>.yaml` fails with one message that lists every bad key at once.
 */

/** Config namespace of this project (the `name:` in Pulumi.yaml). */
export const CONFIG_NAMESPACE = "mlplatform";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Personas built in (components/mlRoles/rolePlan.ts); more can be defined in `mlplatform:personaDefinitions`. */
export const PERSONAS = ["data-scientist", "ml-engineer"] as const;
export type Persona = string;

export { LOG_RETENTION_DAYS };

/** Tag keys every taggable resource carries (provider default tags), mapped from config. */
export const REQUIRED_TAG_KEYS = ["project", "environment", "owner", "cost-center"] as const;

/** Seed 001's CI/CD: one MLOps project per model family (components/mlopsProject). */
export type MlopsConfig = MlopsProjectSettings[];

/** The platform network with the environment's defaults filled in. */
export type NetworkConfig =
    | (Extract<NetworkConfigInput, { mode: "create" }> & Required<Pick<Extract<NetworkConfigInput, { mode: "create" }>, "availabilityZones" | "natGateways" | "subnetPrefixLength">>)
    | Extract<NetworkConfigInput, { mode: "existing" }>;

/** The validated, typed configuration of one stack. */
export interface PlatformConfig {
    /** Pulumi project name. */
    project: string;
    /** Pulumi stack name. */
    stack: string;
    /** Name prefix of every resource (seeds: `sefaz-ml`). */
    prefix: string;
    environment: Environment;
    /** AWS region the stack deploys to (`aws:region`). */
    region: string;
    /** The other AWS settings of the stack's explicit provider (profile, roles, accounts, endpoints). */
    aws: AwsProviderSettings;
    /** Tags applied to every taggable resource through the provider's default tags. */
    tags: Record<string, string>;
    /**
     * Protect data-bearing resources (buckets, keys, later secrets) from `pulumi destroy` and retain them
     * if they are removed from the program.
     */
    protect: boolean;
    /** Let `pulumi destroy` delete non-empty buckets. Never together with `protect`. */
    forceDestroyBuckets: boolean;
    /** CloudWatch Logs retention for every log group the platform creates. */
    logRetentionDays: number;
    /** KMS key deletion window (7-30 days; prod requires 30). */
    kmsDeletionWindowDays: number;
    /** Days after which noncurrent object versions in the platform buckets expire. */
    noncurrentVersionExpirationDays: number;
    /** Existing bucket receiving S3 server access logs of the platform buckets, if any. */
    accessLogsBucket?: string;
    /** Personas that get a SageMaker execution role. */
    personas: Persona[];
    /** Access of the personas defined in config. */
    personaDefinitions: Record<string, PersonaAccess>;
    /** One MLOps project (model build, registry, deploy) per model family. */
    mlops: MlopsConfig;
    /** VPC and private subnets of the retraining pipelines' tasks (required when pipelines are configured). */
    network?: NetworkConfig;
    /** E-mail addresses subscribed to every pipeline's alerts topic. */
    alertEmails: string[];
    /** Days Secrets Manager keeps a deleted secret recoverable (7-30). */
    secretRecoveryWindowDays: number;
    /** One retraining pipeline per model. */
    pipelines: PipelineSettings[];
    /** The SageMaker Studio domain, when configured. */
    studio?: StudioSettings;
    /** The Studio IP plan (whitepaper network planning) for the configured users. */
    studioCapacity?: StudioIpPlan;
    /** Things worth knowing that are not errors, shown by the offline plan (e.g. quota headroom). */
    warnings: string[];
    /** Figures the offline plan shows (e.g. the Studio IP plan). */
    notes: string[];
}

/** One bad configuration key: what was found and what is allowed (the components' format). */
export type ConfigProblem = ArgsProblem;

/**
 * The defaults that depend on the environment, in one table; every other default is in the schema of
 * the component the key configures.
 */
export const ENVIRONMENT_DEFAULTS = {
    dev: { protect: false, logRetentionDays: 30, kmsDeletionWindowDays: 7, secretRecoveryWindowDays: 7 },
    staging: { protect: false, logRetentionDays: 90, kmsDeletionWindowDays: 7, secretRecoveryWindowDays: 7 },
    prod: { protect: true, logRetentionDays: 365, kmsDeletionWindowDays: 30, secretRecoveryWindowDays: 30 },
} as const satisfies Record<Environment, Record<string, unknown>>;

/** `default 365 in prod, 90 in staging, 30 in dev`: the table's row for one key, for error messages. */
function environmentDefaults(key: keyof (typeof ENVIRONMENT_DEFAULTS)["dev"]): string {
    return `default ${ENVIRONMENTS.map((e) => `${ENVIRONMENT_DEFAULTS[e][key]} in ${e}`).join(", ")}`;
}

/** Raised before any resource is registered when the stack configuration is invalid. */
export class ConfigError extends Error {
    constructor(
        readonly stack: string,
        readonly problems: ConfigProblem[],
    ) {
        super(formatProblems(stack, problems));
        this.name = "ConfigError";
    }
}

function formatProblems(stack: string, problems: ConfigProblem[]): string {
    const lines = [problemLines(problems)];
    return (
        `Invalid configuration for stack "${stack}" (${problems.length} problem${problems.length === 1 ? "" : "s"}). ` +
        `Fix these keys in Pulumi.${stack}.yaml (or with \`pulumi config set <key> <value>\`):\n${lines.join("\n")}`
    );
}

// AWS tag values: letters, digits, spaces and _ . : / = + - @, up to 256 characters.
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
// Lowercase, digits and hyphens: valid inside S3 bucket, IAM role, ECR and log group names alike.
const PREFIX = /^[a-z][a-z0-9-]{1,18}[a-z0-9]$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const BUCKET_NAME = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * How each key is read and what it allows. `allowed` is the sentence a user sees when the key is bad;
 * `json` keys hold numbers, booleans, lists or maps (Pulumi passes those to programs as JSON text).
 */
interface KeySpec {
    json: boolean;
    schema: z.ZodType;
    allowed: string;
    /** Nested problems carry their own message (the schema's), instead of the key's `allowed`. */
    nested?: boolean;
}

const SPECS = {
    "aws:region": {
        json: false,
        schema: z.string().regex(REGION),
        allowed: "an AWS region code of the form <area>-<direction>-<number>, as `aws ec2 describe-regions` lists them (required)",
    },
    ...AWS_PROVIDER_KEYS,
    prefix: {
        json: false,
        schema: z.string().regex(PREFIX),
        allowed:
            "3-20 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen, e.g. sefaz-ml (required)",
    },
    environment: {
        json: false,
        schema: z.enum(ENVIRONMENTS),
        allowed: `one of ${ENVIRONMENTS.join(", ")} (required)`,
    },
    owner: {
        json: false,
        schema: z.string().regex(TAG_VALUE),
        allowed: "the owning team as a tag value (1-256 letters, digits, spaces or _ . : / = + - @), e.g. ml-platform-team (required)",
    },
    costCenter: {
        json: false,
        schema: z.string().regex(TAG_VALUE),
        allowed: "the cost center as a tag value (1-256 letters, digits, spaces or _ . : / = + - @), e.g. CC-ML-0001 (required)",
    },
    tags: {
        json: true,
        schema: z.record(z.string().regex(TAG_KEY), z.string().regex(TAG_VALUE)).optional(),
        allowed: "a map of extra tags: keys not starting with aws:, values of 1-256 tag characters (optional)",
    },
    protect: {
        json: true,
        schema: z.boolean().optional(),
        allowed: "true or false (default: true in prod, false elsewhere; prod requires true)",
    },
    forceDestroyBuckets: {
        json: true,
        schema: mlDataBucketArgsSchema.shape.forceDestroy.unwrap(),
        allowed: "true or false (default false; must be false when protect is true)",
    },
    logRetentionDays: {
        json: true,
        schema: logRetentionDaysSchema,
        allowed: `one of CloudWatch Logs' retention values ${LOG_RETENTION_DAYS.join(", ")} (${environmentDefaults("logRetentionDays")})`,
    },
    kmsDeletionWindowDays: {
        json: true,
        schema: platformKeyArgsSchema.shape.deletionWindowInDays.unwrap(),
        allowed: `a whole number of days from 7 to 30 (${environmentDefaults("kmsDeletionWindowDays")}; prod requires 30)`,
    },
    noncurrentVersionExpirationDays: {
        json: true,
        schema: mlDataBucketArgsSchema.shape.noncurrentVersionExpirationDays.unwrap(),
        allowed: "a whole number of days from 1 to 3650 (default 90)",
    },
    accessLogsBucket: {
        json: false,
        schema: z.string().regex(BUCKET_NAME).optional(),
        allowed: "the name of an existing S3 bucket that receives server access logs (optional)",
    },
    personas: {
        json: true,
        schema: z
            .array(z.string().regex(/^[a-z][a-z0-9-]{1,30}$/))
            .min(1)
            .refine((a) => new Set(a).size === a.length),
        allowed: `a list of distinct personas: built in (${PERSONAS.join(", ")}) or defined in mlplatform:personaDefinitions (default: the built-in ones)`,
    },
    personaDefinitions: {
        json: true,
        nested: true,
        schema: personaDefinitionsSchema,
        allowed: "a map of persona name to {writeData, writeArtifacts, modelRegistry} (optional)",
    },
    mlops: {
        json: true,
        nested: true,
        schema: z.array(mlopsProjectSettingsSchema, { error: "a list of MLOps projects, one per model family" }),
        allowed: "a list of MLOps projects, one per model family (optional; see the README)",
    },
    network: {
        json: true,
        nested: true,
        schema: networkConfigSchema,
        allowed: 'mode "create" with cidr, availabilityZones, natGateways, or mode "existing" with vpcId and privateSubnetIds (required when pipelines are configured)',
    },
    alertEmails: {
        json: true,
        nested: true,
        schema: z.array(z.email({ error: "an e-mail address" }), { error: "a list of e-mail addresses" }),
        allowed: "a list of e-mail addresses subscribed to the alerts (optional)",
    },
    secretRecoveryWindowDays: {
        json: true,
        schema: retrainPipelineArgsSchema.shape.secretRecoveryWindowDays.unwrap(),
        allowed: `a whole number of days from 7 to 30 (${environmentDefaults("secretRecoveryWindowDays")})`,
    },
    studio: {
        json: true,
        nested: true,
        schema: studioSettingsSchema,
        allowed: "a map of Studio settings (see the README); requires mlplatform:network",
    },
    pipelines: {
        json: true,
        nested: true,
        schema: z.array(pipelineSettingsSchema, { error: "a list of pipelines, one per model" }),
        allowed: "a list of retraining pipelines, one per model (optional)",
    },
} satisfies Record<string, KeySpec>;

type Key = keyof typeof SPECS;

/** The schema of every configuration key (`mlplatform:prefix`, `aws:region`...), for documentation checks and tools. */
export function configKeySchemas(): Record<string, z.ZodType> {
    return Object.fromEntries((Object.keys(SPECS) as Key[]).map((k) => [fullKey(k), (SPECS[k] as KeySpec).schema]));
}

const REQUIRED_KEYS: Key[] = ["aws:region", "prefix", "environment", "owner", "costCenter"];

function fullKey(key: Key): string {
    return key.includes(":") ? key : `${CONFIG_NAMESPACE}:${key}`;
}

/** Closest known key by edit distance, to turn a typo into a hint. */
function closestKey(unknown: string): string | undefined {
    const distance = (a: string, b: string): number => {
        const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
        for (let j = 1; j <= b.length; j++) d[0][j] = j;
        for (let i = 1; i <= a.length; i++) {
            for (let j = 1; j <= b.length; j++) {
                d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            }
        }
        return d[a.length][b.length];
    };
    const candidates = (Object.keys(SPECS) as Key[]).filter((k) => !k.includes(":"));
    const best = candidates
        .map((k) => ({ k, d: distance(unknown.toLowerCase(), k.toLowerCase()) }))
        .sort((x, y) => x.d - y.d)[0];
    return best && best.d <= 3 ? fullKey(best.k) : undefined;
}

/**
 * Parses and validates a stack's configuration.
 *
 * @param all every config value of the stack as Pulumi hands it to the program (`namespace:key` to raw
 *   text; structured values as JSON text), e.g. `pulumi.runtime.allConfig()`.
 * @throws ConfigError listing every bad key, what was found and what is allowed.
 */
export function parsePlatformConfig(all: Record<string, string>, ctx: { project: string; stack: string }): PlatformConfig {
    const problems: ConfigProblem[] = [];
    const values: Partial<Record<Key, unknown>> = {};

    for (const key of Object.keys(SPECS) as Key[]) {
        const spec: KeySpec = SPECS[key];
        const raw = all[fullKey(key)];
        if (raw === undefined) {
            if (REQUIRED_KEYS.includes(key)) {
                problems.push({ key: fullKey(key), found: "nothing (the key is missing)", allowed: spec.allowed });
            }
            continue;
        }
        let decoded: unknown = raw;
        if (spec.json) {
            try {
                decoded = JSON.parse(raw);
            } catch {
                decoded = raw; // a plain string where a number/boolean/map was expected: the schema reports it
            }
        }
        const result = spec.schema.safeParse(decoded);
        if (!result.success) {
            // Nested keys (mlops.branch, tags.<key>, pipelines[0].steps.training) are named exactly, so the fix is obvious.
            const seen = new Set<string>();
            for (const issue of result.error.issues) {
                const path = pathText(issue.path);
                if (seen.has(path)) continue;
                seen.add(path);
                problems.push({
                    key: path ? `${fullKey(key)}${path.startsWith("[") ? "" : "."}${path}` : fullKey(key),
                    found: show(valueAt(decoded, issue.path)),
                    allowed: spec.nested && path ? issue.message : spec.allowed,
                });
            }
            continue;
        }
        values[key] = result.data;
    }

    for (const key of Object.keys(all)) {
        if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
        const local = key.slice(CONFIG_NAMESPACE.length + 1);
        if (!(local in SPECS)) {
            const hint = closestKey(local);
            problems.push({
                key,
                found: `an unknown key${hint ? ` (did you mean ${hint}?)` : ""}`,
                allowed: `only the keys documented in the README: ${(Object.keys(SPECS) as Key[]).filter((k) => !k.includes(":")).map(fullKey).join(", ")}`,
            });
        }
    }

    const environment = values.environment as Environment | undefined;
    const isProd = environment === "prod";
    // Until the environment is known (it may be the bad key), dev's defaults stand in.
    const envDefaults = ENVIRONMENT_DEFAULTS[environment ?? "dev"];
    // The explicit provider's AWS settings: honoured keys only, allowed accounts required in prod.
    const aws: AwsProviderSettings = {
        profile: values["aws:profile"] as string | undefined,
        assumeRoles: values["aws:assumeRoles"] as AwsProviderSettings["assumeRoles"],
        allowedAccountIds: values["aws:allowedAccountIds"] as string[] | undefined,
        forbiddenAccountIds: values["aws:forbiddenAccountIds"] as string[] | undefined,
        endpoints: values["aws:endpoints"] as AwsProviderSettings["endpoints"],
    };
    problems.push(...awsSettingsProblems(all, aws, isProd));
    const protect = (values.protect as boolean | undefined) ?? envDefaults.protect;
    const forceDestroyBuckets = (values.forceDestroyBuckets as boolean | undefined) ?? false;
    const kmsDeletionWindowDays = (values.kmsDeletionWindowDays as number | undefined) ?? envDefaults.kmsDeletionWindowDays;

    // Rules that span keys: prod must keep its data, and protection contradicts force-destroy.
    if (isProd && values.protect === false) {
        problems.push({ key: fullKey("protect"), found: "false", allowed: "true when environment is prod (prod data, keys and secrets are protected)" });
    }
    if (protect && forceDestroyBuckets) {
        problems.push({
            key: fullKey("forceDestroyBuckets"),
            found: "true",
            allowed: "false when protect is true (a protected stack never force-destroys buckets)",
        });
    }
    if (isProd && values.kmsDeletionWindowDays !== undefined && kmsDeletionWindowDays !== 30) {
        problems.push({ key: fullKey("kmsDeletionWindowDays"), found: show(kmsDeletionWindowDays), allowed: "30 when environment is prod" });
    }
    const prefix = values.prefix as string | undefined;
    const region = values["aws:region"] as string | undefined;
    if (prefix && region && environment) {
        // The longest bucket name the platform builds must fit S3's 63-character limit (account IDs are 12 digits).
        const anyAccountId = "0".repeat(12);
        const longest = new Naming(prefix, environment).bucketName("artifacts", { partition: "aws", accountId: anyAccountId, region });
        if (longest.length > 63) {
            problems.push({
                key: fullKey("prefix"),
                found: `${show(prefix)}, which makes bucket names like ${longest} (${longest.length} characters)`,
                allowed: `a prefix at most ${prefix.length - (longest.length - 63)} characters long in ${region}, so bucket names fit S3's 63-character limit`,
            });
        }
    }

    // Pipelines: defaults filled in, then the same checks the component applies to its own arguments.
    // Pipelines: the component's schema filled in the defaults and checked each one; what spans keys is here.
    const pipelines = (values.pipelines as PipelineSettings[] | undefined) ?? [];
    const seen = new Set<string>();
    pipelines.forEach((p, i) => {
        const names = prefix && environment ? pipelineNameProblems(new PipelineNames(new Naming(prefix, environment), p.name)) : [];
        for (const [field, problem] of names) {
            problems.push({ key: `${fullKey("pipelines")}[${i}].${field}`, found: show(p.name), allowed: problem });
        }
        if (seen.has(p.name)) {
            problems.push({ key: `${fullKey("pipelines")}[${i}].name`, found: show(p.name), allowed: "a model name used by no other pipeline of the stack" });
        }
        seen.add(p.name);
    });
    // MLOps projects: the component's schema checked each one; names across projects and the network are here.
    const mlops = (values.mlops as MlopsConfig | undefined) ?? [];
    const projectNames = new Set<string>();
    mlops.forEach((p, i) => {
        const names = prefix && environment ? mlopsNameProblems(new MlopsProjectNames(new Naming(prefix, environment), p.name)) : [];
        for (const [field, problem] of names) {
            problems.push({ key: `${fullKey("mlops")}[${i}].${field}`, found: show(p.name), allowed: problem });
        }
        if (projectNames.has(p.name)) {
            problems.push({ key: `${fullKey("mlops")}[${i}].name`, found: show(p.name), allowed: "a project name used by no other MLOps project of the stack" });
        }
        projectNames.add(p.name);
    });
    if (prefix && environment) {
        const all = mlops.map((p) => new MlopsProjectNames(new Naming(prefix, environment), p.name));
        for (const [i, name] of mlopsNameCollisions(all)) {
            if (projectNames.size !== mlops.length) break; // duplicate names are reported above
            problems.push({ key: `${fullKey("mlops")}[${i}].name`, found: show(mlops[i].name), allowed: `a name whose resources do not collide with another project's (both would name ${name})` });
            break;
        }
    }
    const needsNetwork = pipelines.length > 0 || mlops.length > 0;
    if (needsNetwork && values.network === undefined && all[fullKey("network")] === undefined) {
        problems.push({
            key: fullKey("network"),
            found: "nothing (the key is missing)",
            allowed: "vpcId and privateSubnetIds of the VPC the pipelines' tasks and the MLOps builds run in (required when pipelines or mlops projects are configured)",
        });
    }

    // A new VPC must hold one private (and, with NAT, one small public) subnet per availability zone.
    const net = values.network as Partial<NetworkConfig> | undefined;
    const features = { studio: values.studio !== undefined, pipelines: pipelines.length > 0 };
    if (net?.mode === "create") {
        const c = networkWithDefaults(net, environment, features) as Extract<NetworkConfig, { mode: "create" }>;
        if (c.endpointAvailabilityZones !== undefined && c.endpointAvailabilityZones > c.availabilityZones) {
            problems.push({
                key: `${fullKey("network")}.endpointAvailabilityZones`,
                found: show(c.endpointAvailabilityZones),
                allowed: `at most availabilityZones (${c.availabilityZones}): the interface endpoints go in the first N of the VPC's subnets`,
            });
        }
        const vpcPrefix = prefixLength(c.cidr);
        if (vpcPrefix !== undefined) {
            const needed = c.availabilityZones * (2 ** (32 - c.subnetPrefixLength) + (c.natGateways === "none" ? 0 : 16));
            if (needed > 2 ** (32 - vpcPrefix)) {
                problems.push({
                    key: `${fullKey("network")}.cidr`,
                    found: show(c.cidr),
                    allowed: `a VPC large enough for ${c.availabilityZones} /${c.subnetPrefixLength} subnets${c.natGateways === "none" ? "" : " and their public /28s"} (${needed} addresses): a /${32 - Math.ceil(Math.log2(needed))} or larger`,
                });
            }
        }
    }

    // Studio: defaults, the settings' own checks, then the IP plan against the subnets.
    const warnings: string[] = [];
    const notes: string[] = [];
    let studio: StudioSettings | undefined;
    let studioCapacity: StudioIpPlan | undefined;
    const rawStudio = values.studio as z.infer<typeof studioSettingsSchema> | undefined;
    const personas = (values.personas as Persona[] | undefined) ?? [...PERSONAS];
    const definitions = (values.personaDefinitions as Record<string, Partial<PersonaAccess>> | undefined) ?? {};
    personas.forEach((persona, i) => {
        if (!(PERSONAS as readonly string[]).includes(persona) && !definitions[persona]) {
            problems.push({
                key: `${fullKey("personas")}[${i}]`,
                found: show(persona),
                allowed: `a built-in persona (${PERSONAS.join(", ")}) or one defined in mlplatform:personaDefinitions`,
            });
        }
    });
    if (prefix && environment) {
        for (const persona of personas) {
            const role = new Naming(prefix, environment).name(`sm-${persona}-role`);
            if (role.length > 64) {
                problems.push({ key: fullKey("personas"), found: show(persona), allowed: `a shorter name: the role ${role} has ${role.length} characters (IAM allows 64)` });
            }
        }
    }
    if (rawStudio) {
        // The component's schema filled in the defaults and checked the fields; the stack adds its personas.
        const { expectedUsers, ...capacity } = rawStudio.capacity;
        studio = { ...rawStudio, defaultPersona: rawStudio.defaultPersona ?? personas[0], capacity };
        for (const [field, found, allowed] of studioPersonaProblems(studio, personas)) {
            problems.push({ key: `${fullKey("studio")}.${field}`, found: show(found), allowed });
        }
        const network = values.network as Partial<NetworkConfig> | undefined;
        if (!network) {
            problems.push({ key: fullKey("network"), found: "nothing (the key is missing)", allowed: "the network the VpcOnly Studio domain runs in (required with mlplatform:studio)" });
        } else {
            const endpoints = networkWithDefaults(network, environment, features)!.interfaceEndpoints ?? [...DEFAULT_INTERFACE_ENDPOINTS];
            if (studio.allowedSourceIps.length === 0 && !endpoints.includes("studio")) {
                problems.push({ key: `${fullKey("studio")}.allowedSourceIps`, found: "[]", allowed: "at least one CIDR range, or the studio interface endpoint in mlplatform:network.interfaceEndpoints: otherwise nobody can open Studio" });
            }
            studioCapacity = planStudioIps({ users: expectedUsers ?? Math.max(studio.users.length, 1), interfaceEndpoints: endpoints.length, ...studio.capacity });
            if (network.mode === "create") {
                const prefix = (network as { subnetPrefixLength?: number }).subnetPrefixLength ?? 22;
                if (usableAddresses(prefix) < studioCapacity.requiredPerSubnet) {
                    problems.push({
                        key: `${fullKey("network")}.subnetPrefixLength`,
                        found: `${prefix} (${usableAddresses(prefix)} usable addresses per subnet)`,
                        allowed: `${studioCapacity.maxPrefixLength} or less: the Studio domain needs ${studioCapacity.requiredPerSubnet} addresses per subnet for ${expectedUsers ?? Math.max(studio.users.length, 1)} users (whitepaper: EFS + ${endpoints.length} endpoints per subnet, ${studioCapacity.perUser} per user, +${studio.capacity.growthPercent}% growth)`,
                    });
                }
            } else {
                const cidrs = (network as { privateSubnetCidrs?: string[] }).privateSubnetCidrs;
                if (cidrs) {
                    for (const problem of subnetCapacityProblems(studioCapacity, cidrs)) {
                        problems.push({ key: `${fullKey("network")}.privateSubnetCidrs`, found: show(cidrs), allowed: problem });
                    }
                } else {
                    warnings.push(
                        `Studio needs ${studioCapacity.requiredPerSubnet} addresses (a /${studioCapacity.maxPrefixLength}) in each existing private subnet; set mlplatform:network.privateSubnetCidrs to have their size checked.`,
                    );
                }
            }
            notes.push(
                `Studio IP plan: ${studioCapacity.requiredPerSubnet} addresses per subnet (${studioCapacity.domainPerSubnet} for EFS and ${endpoints.length} endpoints, ` +
                    `${studioCapacity.perUser} per user x ${expectedUsers ?? Math.max(studio.users.length, 1)} users + ${studio.capacity.growthPercent}% growth): a /${studioCapacity.maxPrefixLength} or larger; ` +
                    `${studioCapacity.concurrentApps} concurrent apps, ${Math.round(studioCapacity.appQuotaShare * 100)}% of the 2,500-app account quota.`,
            );
            if (studioCapacity.appQuotaShare >= 0.8) {
                warnings.push(
                    `Studio users will run about ${studioCapacity.concurrentApps} apps at once, ${Math.round(studioCapacity.appQuotaShare * 100)}% of the account's ${2500} concurrent-app quota: request an increase before onboarding more users.`,
                );
            }
        }
    }

    if (mlops.length > 0) {
        notes.push(
            `MLOps projects ${mlops.map((p) => p.name).join(", ")}: each has its own CodePipeline, build, SageMaker pipeline, deploy, model and EventBridge roles; ` +
                `seed 001's single MLOps role (${prefix ?? "<prefix>"}-mlops-role-${environment ?? "<env>"}) and its PassRole of the ml-engineer role are gone: a stack deployed before deletes them on its next update.`,
        );
    }
    if (problems.length > 0) {
        throw new ConfigError(ctx.stack, problems);
    }

    return {
        project: ctx.project,
        stack: ctx.stack,
        prefix: prefix!,
        environment: environment!,
        region: region!,
        aws: providerArgs(aws),
        tags: {
            ...((values.tags as Record<string, string> | undefined) ?? {}),
            project: prefix!,
            environment: environment!,
            owner: values.owner as string,
            "cost-center": values.costCenter as string,
        },
        protect,
        forceDestroyBuckets,
        logRetentionDays: (values.logRetentionDays as number | undefined) ?? envDefaults.logRetentionDays,
        kmsDeletionWindowDays,
        noncurrentVersionExpirationDays: (values.noncurrentVersionExpirationDays as number | undefined) ?? 90,
        accessLogsBucket: values.accessLogsBucket as string | undefined,
        personas,
        personaDefinitions: Object.fromEntries(
            Object.entries(definitions).map(([name, d]) => [name, { writeData: d.writeData ?? [], writeArtifacts: d.writeArtifacts ?? [], modelRegistry: d.modelRegistry ?? false }]),
        ),
        mlops,
        network: networkWithDefaults(values.network as Partial<NetworkConfig> | undefined, environment, features),
        alertEmails: (values.alertEmails as string[] | undefined) ?? [],
        secretRecoveryWindowDays: (values.secretRecoveryWindowDays as number | undefined) ?? envDefaults.secretRecoveryWindowDays,
        pipelines,
        studio,
        studioCapacity,
        warnings,
        notes,
    };
}

/**
 * The network with its defaults. dev's are cheaper and keep Studio VpcOnly and the tasks without
 * internet: interface endpoints in one AZ, and only those the enabled features call (FEATURE_ENDPOINTS).
 */
function networkWithDefaults(n: Partial<NetworkConfig> | undefined, environment: string | undefined, features: { studio: boolean; pipelines: boolean }): NetworkConfig | undefined {
    if (!n) return undefined;
    const isDev = environment === "dev";
    const devDefaults = isDev ? { interfaceEndpoints: n.interfaceEndpoints ?? endpointsForFeatures(features), endpointAvailabilityZones: n.endpointAvailabilityZones ?? 1 } : {};
    if (n.mode === "create") {
        const c = n as Partial<Extract<NetworkConfig, { mode: "create" }>>;
        return {
            mode: "create",
            cidr: c.cidr!,
            availabilityZones: c.availabilityZones ?? (environment === "prod" ? 3 : 2),
            natGateways: c.natGateways ?? "none",
            subnetPrefixLength: c.subnetPrefixLength ?? 22,
            interfaceEndpoints: c.interfaceEndpoints,
            ...(c.endpointAvailabilityZones !== undefined ? { endpointAvailabilityZones: c.endpointAvailabilityZones } : {}),
            privateDns: c.privateDns,
            ...devDefaults,
        };
    }
    return { ...(n as NetworkConfig), ...devDefaults };
}

/** Reads the running stack's configuration; throws ConfigError before anything is registered. */
export function loadPlatformConfig(): PlatformConfig {
    return parsePlatformConfig(pulumi.runtime.allConfig(), { project: pulumi.getProject(), stack: pulumi.getStack() });
}
