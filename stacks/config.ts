import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { allowedBy, ArgsProblem, BUILT_IN_PERSONAS, CREATE_VPC_DEFAULTS, DEFAULT_INTERFACE_ENDPOINTS, endpointsForFeatures, LOG_RETENTION_DAYS, logRetentionDaysSchema, mlDataBucketArgsSchema, mlopsNameCollisions, mlopsNameProblems, MlopsProjectNames, mlopsProjectSettingsSchema, Naming, NetworkConfigInput, networkConfigSchema, pathText, PERSONA_NAME, personaDefinitionsSchema, pipelineNameProblems, PipelineNames, PipelineSettings, pipelineSettingsSchema, planStudioIps, platformKeyArgsSchema, prefixLength, problemLines, problemsOf, retrainPipelineArgsSchema, show, studioDomainSettingsSchema, StudioIpPlan, studioPersonaProblems, StudioSettings, studioSettingsSchema, subnetCapacityProblems, usableAddresses, valueAt } from "@mlplatform/components";
import { AWS_PROVIDER_KEYS, AwsProviderSettings, awsProviderSettingsSchema, awsSettingsProblems, providerArgs } from "./awsProvider";

/**
 * The one place that reads stack configuration. Everything a stack may vary (names, environment,
 * tags, retention, protection) is parsed and validated here, before any resource is registered,
 * so a bad `Pulumi.<stack>.yaml` fails with one message that lists every bad key at once.
 */

/** Config namespace of this project (the `name:` in Pulumi.yaml). */
export const CONFIG_NAMESPACE = "mlplatform";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Personas built in (BUILT_IN_PERSONAS, components/personaRole/policy.ts); more can be defined in `mlplatform:personaDefinitions`. */
export const PERSONAS: readonly string[] = Object.keys(BUILT_IN_PERSONAS);

export { LOG_RETENTION_DAYS };

/** Tag keys every taggable resource carries (provider default tags), mapped from config. */
export const REQUIRED_TAG_KEYS = ["project", "environment", "owner", "cost-center"] as const;

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

/** Availability zones of a new VPC (`mlplatform:network.availabilityZones`) when the stack says nothing. */
const NETWORK_AVAILABILITY_ZONES: Record<Environment, number> = { dev: CREATE_VPC_DEFAULTS.availabilityZones, staging: CREATE_VPC_DEFAULTS.availabilityZones, prod: 3 };

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
        allowed: `true or false (default ${mlDataBucketArgsSchema.shape.forceDestroy.parse(undefined)}; must be false when protect is true)`,
    },
    logRetentionDays: {
        json: true,
        schema: logRetentionDaysSchema,
        allowed: `${allowedBy(logRetentionDaysSchema)} (${environmentDefaults("logRetentionDays")})`,
    },
    kmsDeletionWindowDays: {
        json: true,
        schema: platformKeyArgsSchema.shape.deletionWindowInDays.unwrap(),
        allowed: `${allowedBy(platformKeyArgsSchema.shape.deletionWindowInDays.unwrap())} (${environmentDefaults("kmsDeletionWindowDays")}; prod requires 30)`,
    },
    noncurrentVersionExpirationDays: {
        json: true,
        schema: mlDataBucketArgsSchema.shape.noncurrentVersionExpirationDays.unwrap(),
        allowed: `${allowedBy(mlDataBucketArgsSchema.shape.noncurrentVersionExpirationDays.unwrap())} (default ${mlDataBucketArgsSchema.shape.noncurrentVersionExpirationDays.parse(undefined)})`,
    },
    accessLogsBucket: {
        json: false,
        schema: z.string().regex(BUCKET_NAME).optional(),
        allowed: "the name of an existing S3 bucket that receives server access logs (optional)",
    },
    personas: {
        json: true,
        schema: z
            .array(z.string().regex(PERSONA_NAME))
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
        allowed: `${allowedBy(retrainPipelineArgsSchema.shape.secretRecoveryWindowDays.unwrap())} (${environmentDefaults("secretRecoveryWindowDays")})`,
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
 * The validated configuration of one stack, as one schema: each field is the schema of the config key or
 * component argument it comes from (with that schema's defaults), plus what the stack derives (tags, the
 * provider's AWS settings, the Studio IP plan, plan notes). `parsePlatformConfig` reads the keys, applies
 * ENVIRONMENT_DEFAULTS and the rules that span keys, and parses the result with it: the type is its output.
 */
export const platformConfigSchema = z.object({
    /** Pulumi project name. */
    project: z.string(),
    /** Pulumi stack name. */
    stack: z.string(),
    /** Name prefix of every resource (seeds: `sefaz-ml`). */
    prefix: SPECS.prefix.schema,
    environment: SPECS.environment.schema,
    /** AWS region the stack deploys to (`aws:region`). */
    region: SPECS["aws:region"].schema,
    /** The other AWS settings of the stack's explicit provider (profile, roles, accounts, endpoints). */
    aws: awsProviderSettingsSchema,
    /** Tags applied to every taggable resource through the provider's default tags. */
    tags: z.record(z.string(), z.string()),
    /** Protect data-bearing resources from `pulumi destroy` and retain them if they are removed from the program. */
    protect: z.boolean(),
    forceDestroyBuckets: mlDataBucketArgsSchema.shape.forceDestroy,
    logRetentionDays: logRetentionDaysSchema,
    // The environment's default (ENVIRONMENT_DEFAULTS) always applies, never the component's own.
    kmsDeletionWindowDays: platformKeyArgsSchema.shape.deletionWindowInDays.unwrap(),
    noncurrentVersionExpirationDays: mlDataBucketArgsSchema.shape.noncurrentVersionExpirationDays,
    /** Existing bucket receiving S3 server access logs of the platform buckets, if any. */
    accessLogsBucket: SPECS.accessLogsBucket.schema,
    /** Personas that get a SageMaker execution role. */
    personas: SPECS.personas.schema,
    /** Access of the personas defined in config. */
    personaDefinitions: personaDefinitionsSchema.default({}),
    /** One MLOps project (model build, registry, deploy) per model family (seed 001's CI/CD). */
    mlops: SPECS.mlops.schema.default([]),
    /** VPC and private subnets of the pipelines' tasks and Studio, with the environment's defaults filled in. */
    network: networkConfigSchema.optional(),
    /** E-mail addresses subscribed to every pipeline's alerts topic. */
    alertEmails: SPECS.alertEmails.schema.default([]),
    secretRecoveryWindowDays: retrainPipelineArgsSchema.shape.secretRecoveryWindowDays.unwrap(),
    /** One retraining pipeline per model. */
    pipelines: SPECS.pipelines.schema.default([]),
    /** The SageMaker Studio domain, when configured (its default persona filled in). */
    studio: studioDomainSettingsSchema.optional(),
    /** The Studio IP plan (whitepaper network planning) for the configured users. */
    studioCapacity: z.custom<StudioIpPlan>().optional(),
    /** Things worth knowing that are not errors, shown by the offline plan (e.g. quota headroom). */
    warnings: z.array(z.string()),
    /** Figures the offline plan shows (e.g. the Studio IP plan). */
    notes: z.array(z.string()),
});

/** The validated, typed configuration of one stack. */
export type PlatformConfig = z.output<typeof platformConfigSchema>;
/** Seed 001's CI/CD: one MLOps project per model family (components/mlopsProject). */
export type MlopsConfig = PlatformConfig["mlops"];
/** The platform network with the environment's defaults filled in. */
export type NetworkConfig = NonNullable<PlatformConfig["network"]>;

/** The values of the keys that parsed (by local key name), and the problems of those that did not. */
function readKeys(all: Record<string, string>): { values: Partial<Record<Key, unknown>>; problems: ConfigProblem[] } {
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
    return { values, problems };
}

/** The values as the keys parsed them (typed by their schemas). */
type KeyValues = { [K in Key]?: z.output<(typeof SPECS)[K]["schema"]> };

/**
 * Parses and validates a stack's configuration.
 *
 * @param all every config value of the stack as Pulumi hands it to the program (`namespace:key` to raw
 *   text; structured values as JSON text), e.g. `pulumi.runtime.allConfig()`.
 * @throws ConfigError listing every bad key, what was found and what is allowed.
 */
export function parsePlatformConfig(all: Record<string, string>, ctx: { project: string; stack: string }): PlatformConfig {
    const read = readKeys(all);
    const problems = read.problems;
    const values = read.values as KeyValues;

    const environment = values.environment;
    // Until the environment is known (it may be the bad key), dev's defaults stand in.
    const envDefaults = ENVIRONMENT_DEFAULTS[environment ?? "dev"];
    // The explicit provider's AWS settings: honoured keys only, allowed accounts required in prod.
    const aws: AwsProviderSettings = {
        profile: values["aws:profile"],
        assumeRoles: values["aws:assumeRoles"],
        allowedAccountIds: values["aws:allowedAccountIds"],
        forbiddenAccountIds: values["aws:forbiddenAccountIds"],
        endpoints: values["aws:endpoints"],
    };
    problems.push(...awsSettingsProblems(all, aws, environment === "prod"));
    const protect = values.protect ?? envDefaults.protect;
    const kmsDeletionWindowDays = values.kmsDeletionWindowDays ?? envDefaults.kmsDeletionWindowDays;
    problems.push(...keyRuleProblems(values, { protect, kmsDeletionWindowDays }));

    const pipelines = values.pipelines ?? [];
    problems.push(...workloadProblems(all, values, pipelines));
    const features = { studio: values.studio !== undefined, pipelines: pipelines.length > 0 };
    const network = networkWithDefaults(values.network, environment, features);
    problems.push(...networkProblems(network));

    const personas = values.personas ?? [...PERSONAS];
    problems.push(...personaProblems(values, personas));
    const studio = studioPlan(values, personas, network);
    problems.push(...studio.problems);

    if (problems.length > 0) {
        throw new ConfigError(ctx.stack, problems);
    }

    // With no problems, every required key has its value.
    const [prefix, region, owner, costCenter, mlops] = [values.prefix!, values["aws:region"]!, values.owner!, values.costCenter!, values.mlops ?? []];
    const config = platformConfigSchema.safeParse({
        project: ctx.project,
        stack: ctx.stack,
        prefix,
        environment: environment!,
        region,
        aws: providerArgs(aws),
        tags: { ...(values.tags ?? {}), project: prefix, environment: environment!, owner, "cost-center": costCenter },
        protect,
        forceDestroyBuckets: values.forceDestroyBuckets,
        logRetentionDays: values.logRetentionDays ?? envDefaults.logRetentionDays,
        kmsDeletionWindowDays,
        noncurrentVersionExpirationDays: values.noncurrentVersionExpirationDays,
        accessLogsBucket: values.accessLogsBucket,
        personas,
        personaDefinitions: values.personaDefinitions,
        mlops,
        network,
        alertEmails: values.alertEmails,
        secretRecoveryWindowDays: values.secretRecoveryWindowDays ?? envDefaults.secretRecoveryWindowDays,
        pipelines,
        studio: studio.settings,
        studioCapacity: studio.capacity,
        warnings: studio.warnings,
        notes: [...studio.notes, ...mlopsNotes(prefix, environment!, mlops)],
    } satisfies z.input<typeof platformConfigSchema>);
    // Every key was checked above; a failure here is a program bug, reported in the same format.
    if (!config.success) throw new ConfigError(ctx.stack, problemsOf(config.error, undefined, (path) => `(derived) ${pathText(path)}`));
    return config.data;
}

/** What a stack deployed before the MLOps projects existed loses on its next update (seed 001's single role). */
function mlopsNotes(prefix: string, environment: string, mlops: MlopsConfig): string[] {
    if (mlops.length === 0) return [];
    return [
        `MLOps projects ${mlops.map((p) => p.name).join(", ")}: each has its own CodePipeline, build, SageMaker pipeline, deploy, model and EventBridge roles; ` +
            `seed 001's single MLOps role (${prefix}-mlops-role-${environment}) and its PassRole of the ml-engineer role are gone: a stack deployed before deletes them on its next update.`,
    ];
}

/** Rules that span keys: prod must keep its data, protection contradicts force-destroy, names must fit. */
function keyRuleProblems(values: KeyValues, effective: { protect: boolean; kmsDeletionWindowDays: number }): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const { environment, prefix } = values;
    const isProd = environment === "prod";
    if (isProd && values.protect === false) {
        problems.push({ key: fullKey("protect"), found: "false", allowed: "true when environment is prod (prod data, keys and secrets are protected)" });
    }
    if (effective.protect && values.forceDestroyBuckets === true) {
        problems.push({
            key: fullKey("forceDestroyBuckets"),
            found: "true",
            allowed: "false when protect is true (a protected stack never force-destroys buckets)",
        });
    }
    if (isProd && values.kmsDeletionWindowDays !== undefined && effective.kmsDeletionWindowDays !== 30) {
        problems.push({ key: fullKey("kmsDeletionWindowDays"), found: show(effective.kmsDeletionWindowDays), allowed: "30 when environment is prod" });
    }
    const region = values["aws:region"];
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
    return problems;
}

/**
 * Each entry of a list key (`pipelines`, `mlops`): its derived names fit their AWS limits (checked when the
 * prefix and environment are known) and its name is used by no other entry.
 */
function entryNameProblems(key: "pipelines" | "mlops", entries: ReadonlyArray<{ name: string }>, nameProblems: ((name: string) => Array<[string, string]>) | undefined, duplicate: string): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const seen = new Set<string>();
    entries.forEach((entry, i) => {
        for (const [field, problem] of nameProblems?.(entry.name) ?? []) {
            problems.push({ key: `${fullKey(key)}[${i}].${field}`, found: show(entry.name), allowed: problem });
        }
        if (seen.has(entry.name)) problems.push({ key: `${fullKey(key)}[${i}].name`, found: show(entry.name), allowed: duplicate });
        seen.add(entry.name);
    });
    return problems;
}

/**
 * Pipelines and MLOps projects: the components' schemas filled in the defaults and checked each one; what
 * spans keys (names with the prefix, uniqueness, collisions between projects, the network) is here.
 */
function workloadProblems(all: Record<string, string>, values: KeyValues, pipelines: PipelineSettings[]): ConfigProblem[] {
    const { prefix, environment } = values;
    const naming = prefix && environment ? new Naming(prefix, environment) : undefined;
    const mlops = values.mlops ?? [];
    const problems = [
        ...entryNameProblems("pipelines", pipelines, naming && ((name) => pipelineNameProblems(new PipelineNames(naming, name))), "a model name used by no other pipeline of the stack"),
        ...entryNameProblems("mlops", mlops, naming && ((name) => mlopsNameProblems(new MlopsProjectNames(naming, name))), "a project name used by no other MLOps project of the stack"),
    ];
    // Projects whose derived names coincide; duplicate names are reported above, so only when all are distinct.
    if (naming && new Set(mlops.map((p) => p.name)).size === mlops.length) {
        const [first] = mlopsNameCollisions(mlops.map((p) => new MlopsProjectNames(naming, p.name)));
        if (first) {
            const [i, name] = first;
            problems.push({ key: `${fullKey("mlops")}[${i}].name`, found: show(mlops[i].name), allowed: `a name whose resources do not collide with another project's (both would name ${name})` });
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
    return problems;
}

/** A new VPC must hold one private (and, with NAT, one small public) subnet per availability zone. */
function networkProblems(network: NetworkConfigInput | undefined): ConfigProblem[] {
    if (network?.mode !== "create") return [];
    const problems: ConfigProblem[] = [];
    const { availabilityZones, subnetPrefixLength, natGateways } = { ...CREATE_VPC_DEFAULTS, ...network };
    if (network.endpointAvailabilityZones !== undefined && network.endpointAvailabilityZones > availabilityZones) {
        problems.push({
            key: `${fullKey("network")}.endpointAvailabilityZones`,
            found: show(network.endpointAvailabilityZones),
            allowed: `at most availabilityZones (${availabilityZones}): the interface endpoints go in the first N of the VPC's subnets`,
        });
    }
    const vpcPrefix = prefixLength(network.cidr);
    if (vpcPrefix !== undefined) {
        const needed = availabilityZones * (2 ** (32 - subnetPrefixLength) + (natGateways === "none" ? 0 : 16));
        if (needed > 2 ** (32 - vpcPrefix)) {
            problems.push({
                key: `${fullKey("network")}.cidr`,
                found: show(network.cidr),
                allowed: `a VPC large enough for ${availabilityZones} /${subnetPrefixLength} subnets${natGateways === "none" ? "" : " and their public /28s"} (${needed} addresses): a /${32 - Math.ceil(Math.log2(needed))} or larger`,
            });
        }
    }
    return problems;
}

/** Each persona is built in or defined, and its role name fits IAM's 64 characters. */
function personaProblems(values: KeyValues, personas: string[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const definitions = values.personaDefinitions ?? {};
    personas.forEach((persona, i) => {
        if (!PERSONAS.includes(persona) && !definitions[persona]) {
            problems.push({
                key: `${fullKey("personas")}[${i}]`,
                found: show(persona),
                allowed: `a built-in persona (${PERSONAS.join(", ")}) or one defined in mlplatform:personaDefinitions`,
            });
        }
    });
    if (values.prefix && values.environment) {
        for (const persona of personas) {
            const role = new Naming(values.prefix, values.environment).name(`sm-${persona}-role`);
            if (role.length > 64) {
                problems.push({ key: fullKey("personas"), found: show(persona), allowed: `a shorter name: the role ${role} has ${role.length} characters (IAM allows 64)` });
            }
        }
    }
    return problems;
}

/** The Studio settings with the stack's default persona, and the IP plan against the subnets (with its notes). */
function studioPlan(
    values: KeyValues,
    personas: string[],
    network: NetworkConfigInput | undefined,
): { settings?: StudioSettings; capacity?: StudioIpPlan; problems: ConfigProblem[]; warnings: string[]; notes: string[] } {
    const result = { problems: [] as ConfigProblem[], warnings: [] as string[], notes: [] as string[] };
    const raw = values.studio;
    if (!raw) return result;
    // The component's schema filled in the defaults and checked the fields; the stack adds its personas.
    const { expectedUsers, ...capacity } = raw.capacity;
    const settings: StudioSettings = { ...raw, defaultPersona: raw.defaultPersona ?? personas[0], capacity };
    for (const [path, found, allowed] of studioPersonaProblems(settings, personas)) {
        result.problems.push({ key: `${fullKey("studio")}.${pathText(path)}`, found: show(found), allowed });
    }
    if (!network) {
        result.problems.push({ key: fullKey("network"), found: "nothing (the key is missing)", allowed: "the network the VpcOnly Studio domain runs in (required with mlplatform:studio)" });
        return { settings, ...result };
    }
    const endpoints = network.interfaceEndpoints ?? [...DEFAULT_INTERFACE_ENDPOINTS];
    if (settings.allowedSourceIps.length === 0 && !endpoints.includes("studio")) {
        result.problems.push({ key: `${fullKey("studio")}.allowedSourceIps`, found: "[]", allowed: "at least one CIDR range, or the studio interface endpoint in mlplatform:network.interfaceEndpoints: otherwise nobody can open Studio" });
    }
    const users = expectedUsers ?? Math.max(settings.users.length, 1);
    const plan = planStudioIps({ users, interfaceEndpoints: endpoints.length, ...settings.capacity });
    if (network.mode === "create") {
        const prefix = network.subnetPrefixLength ?? CREATE_VPC_DEFAULTS.subnetPrefixLength;
        if (usableAddresses(prefix) < plan.requiredPerSubnet) {
            result.problems.push({
                key: `${fullKey("network")}.subnetPrefixLength`,
                found: `${prefix} (${usableAddresses(prefix)} usable addresses per subnet)`,
                allowed: `${plan.maxPrefixLength} or less: the Studio domain needs ${plan.requiredPerSubnet} addresses per subnet for ${users} users (whitepaper: EFS + ${endpoints.length} endpoints per subnet, ${plan.perUser} per user, +${settings.capacity.growthPercent}% growth)`,
            });
        }
    } else if (network.privateSubnetCidrs) {
        for (const problem of subnetCapacityProblems(plan, network.privateSubnetCidrs)) {
            result.problems.push({ key: `${fullKey("network")}.privateSubnetCidrs`, found: show(network.privateSubnetCidrs), allowed: problem });
        }
    } else {
        result.warnings.push(
            `Studio needs ${plan.requiredPerSubnet} addresses (a /${plan.maxPrefixLength}) in each existing private subnet; set mlplatform:network.privateSubnetCidrs to have their size checked.`,
        );
    }
    result.notes.push(
        `Studio IP plan: ${plan.requiredPerSubnet} addresses per subnet (${plan.domainPerSubnet} for EFS and ${endpoints.length} endpoints, ` +
            `${plan.perUser} per user x ${users} users + ${settings.capacity.growthPercent}% growth): a /${plan.maxPrefixLength} or larger; ` +
            `${plan.concurrentApps} concurrent apps, ${Math.round(plan.appQuotaShare * 100)}% of the 2,500-app account quota.`,
    );
    if (plan.appQuotaShare >= 0.8) {
        result.warnings.push(
            `Studio users will run about ${plan.concurrentApps} apps at once, ${Math.round(plan.appQuotaShare * 100)}% of the account's ${2500} concurrent-app quota: request an increase before onboarding more users.`,
        );
    }
    return { settings, capacity: plan, ...result };
}

/**
 * The network with the defaults that depend on the environment (the rest are PlatformNetwork's). dev's are
 * cheaper and keep Studio VpcOnly and the tasks without internet: interface endpoints in one AZ, and only
 * those the enabled features call (FEATURE_ENDPOINTS).
 */
function networkWithDefaults(n: NetworkConfigInput | undefined, environment: Environment | undefined, features: { studio: boolean; pipelines: boolean }): NetworkConfigInput | undefined {
    if (!n) return undefined;
    const devDefaults = environment === "dev" ? { interfaceEndpoints: n.interfaceEndpoints ?? endpointsForFeatures(features), endpointAvailabilityZones: n.endpointAvailabilityZones ?? 1 } : {};
    if (n.mode === "create") {
        return {
            ...CREATE_VPC_DEFAULTS,
            availabilityZones: NETWORK_AVAILABILITY_ZONES[environment ?? "dev"],
            ...n,
            ...devDefaults,
        };
    }
    return { ...n, ...devDefaults };
}

/** Reads the running stack's configuration; throws ConfigError before anything is registered. */
export function loadPlatformConfig(): PlatformConfig {
    return parsePlatformConfig(pulumi.runtime.allConfig(), { project: pulumi.getProject(), stack: pulumi.getStack() });
}
