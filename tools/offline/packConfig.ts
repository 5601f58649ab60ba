import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { ErrorObject, ValidateFunction } from "ajv";
import { writeCacheEntry } from "./cacheFile";

/**
 * Policy pack config as the engine reconciles it (pulumi/pulumi pkg/resource/analyzer/config.go):
 * parsePolicyPackConfig reads `{policy: level | {enforcementLevel?, ...properties}}`, then
 * ReconcilePolicyPackConfig starts from each policy's schema defaults and default level, applies the pack's
 * initial config (the third argument of `new PolicyPack`, sent in GetAnalyzerInfo), then the given config,
 * each the same way (applyConfig: `all`'s enforcement level to every policy, then each entry: level
 * replaces, properties merged on top), and validates every policy's properties against its JSON schema.
 * Names matching no policy are kept by the engine and ignored by the analyzer: here, in the given config,
 * they are a warning.
 *
 * Validation uses ajv, the maintained JSON-schema validator (the engine uses gojsonschema; both
 * implement the same drafts), rather than a hand-written subset that would accept what the engine rejects.
 */

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export const ENFORCEMENT_LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export interface PolicyConfigSchema {
    properties: Record<string, any>;
    required: string[];
}

export interface ConfigurablePolicy {
    name: string;
    enforcementLevel: EnforcementLevel;
    configSchema?: PolicyConfigSchema;
}

export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

/**
 * A pack's initial config as the engine reads it from GetAnalyzerInfo (analyzer_plugin.go convertPolicyConfig):
 * every entry has a level, since the wire's enum has no "unset" (0 is advisory), so an entry that sets only
 * properties also sets the policy advisory, as under the CLI.
 */
export type InitialPolicyConfig = Map<string, { level: EnforcementLevel; properties: Record<string, unknown> }>;

export interface ReconciledConfig {
    policies: Map<string, ResolvedPolicyConfig>;
    /** Config entries naming no policy of the pack: the engine ignores them. */
    warnings: string[];
}

/** A pack config the engine would refuse: the run stops before any analysis. */
export class PolicyConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`Invalid policy pack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  - ${problems.join("\n  - ")}`);
        this.name = "PolicyConfigError";
    }
}

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (ENFORCEMENT_LEVELS as string[]).includes(value);
}

/** Config entries by policy name (or `all`), as parsePolicyPackConfig reads them: an optional level and optional properties. */
type ConfigEntries = Map<string, { level?: EnforcementLevel; properties?: Record<string, unknown> }>;

/** parsePolicyPackConfig: each entry becomes an optional level and optional properties. */
function parseEntries(config: Record<string, unknown>): ConfigEntries {
    const problems: string[] = [];
    const entries: ConfigEntries = new Map();
    const levels = ENFORCEMENT_LEVELS.join(", ");
    for (const [name, value] of Object.entries(config)) {
        if (name === "environments") continue; // ESC environment references, not a policy
        if (typeof value === "string") {
            if (isLevel(value)) entries.set(name, { level: value });
            else problems.push(`${name}: "${value}" is not an enforcement level; allowed: ${levels}`);
        } else if (value && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
                problems.push(`${name}: enforcementLevel ${JSON.stringify(enforcementLevel)} is not an enforcement level; allowed: ${levels}`);
                continue;
            }
            entries.set(name, { level: enforcementLevel, properties: Object.keys(properties).length > 0 ? properties : undefined });
        } else {
            problems.push(`${name}: ${JSON.stringify(value)} is not valid; give an enforcement level (${levels}) or an object`);
        }
    }
    if (problems.length > 0) throw new PolicyConfigError(problems);
    return entries;
}

/**
 * applyConfig: `all` sets the level of every policy (its properties are not used), then each entry its
 * policy's level and properties. Returns the names that are no policy of the pack.
 */
function applyConfig(result: Map<string, ResolvedPolicyConfig>, entries: ConfigEntries): string[] {
    const all = entries.get("all");
    if (all?.level) for (const r of result.values()) r.enforcementLevel = all.level;
    const unknown: string[] = [];
    for (const [name, entry] of entries) {
        if (name === "all") continue;
        const r = result.get(name);
        if (!r) {
            unknown.push(name);
            continue;
        }
        if (entry.level) r.enforcementLevel = entry.level;
        Object.assign(r.properties, entry.properties ?? {});
    }
    return unknown;
}

/** What a property's schema allows, in words, for error messages. */
function allowed(schema: any): string {
    if (!schema || typeof schema !== "object") return "see the policy's schema";
    if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v: unknown) => JSON.stringify(v)).join(", ")}`;
    const parts = [schema.type === "array" ? `array of ${schema.items?.type ?? "values"}${Array.isArray(schema.items?.enum) ? ` (${schema.items.enum.join(", ")})` : ""}` : (schema.type ?? "a value")];
    if (schema.minimum !== undefined) parts.push(`>= ${schema.minimum}`);
    if (schema.maximum !== undefined) parts.push(`<= ${schema.maximum}`);
    if (schema.pattern) parts.push(`matching ${schema.pattern}`);
    return parts.join(", ");
}

function describeError(policy: ConfigurablePolicy, e: ErrorObject): string {
    const path = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
    if (e.keyword === "required") {
        const prop = (e.params as { missingProperty: string }).missingProperty;
        return `${policy.name}: property ${prop} is required; allowed: ${allowed(policy.configSchema?.properties[prop])}`;
    }
    if (e.keyword === "additionalProperties") {
        const prop = (e.params as { additionalProperty: string }).additionalProperty;
        return `${policy.name}: property ${prop} is not one of the policy's: ${Object.keys(policy.configSchema?.properties ?? {}).join(", ")}`;
    }
    const top = path.split(".")[0];
    return `${policy.name}: property ${path || "(root)"} ${e.message}; allowed: ${allowed(policy.configSchema?.properties[top])}`;
}

const AJV_OPTIONS = { allErrors: true, strict: false };
const AJV_CACHE_DIR = path.join(__dirname, "..", "..", "node_modules", ".cache", "mlplatform-ajv");

/**
 * ajv validators kept on disk as ajv's own standalone code (ajv/dist/standalone, its documented way to
 * precompile a schema): every plan validates every policy's config, and loading ajv and compiling the pack's
 * schemas cost a tenth of the offline tool's own time; a cached validator is a small module to require.
 * Keyed by ajv's version, its options and the schema, so a change of any of them compiles afresh.
 */
class ValidatorCache {
    private ajv?: import("ajv").default;
    private version?: string;

    constructor(private readonly dir: string) {}

    get(schema: object): ValidateFunction {
        const text = JSON.stringify(schema);
        this.version ??= (require("ajv/package.json") as { version: string }).version;
        const key = crypto.createHash("sha1").update(`${this.version}\0${JSON.stringify(AJV_OPTIONS)}\0${text}`).digest("hex");
        const file = path.join(this.dir, `${key}.js`);
        if (fs.existsSync(file)) {
            try {
                return require(file) as ValidateFunction;
            } catch {
                // An unreadable entry is compiled again and replaced below.
            }
        }
        return this.compile(schema, file);
    }

    private compile(schema: object, file: string): ValidateFunction {
        if (!this.ajv) {
            const Ajv = (require("ajv") as typeof import("ajv")).default;
            this.ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
        }
        const validate = this.ajv.compile(schema);
        let code: string | undefined;
        try {
            code = (require("ajv/dist/standalone") as typeof import("ajv/dist/standalone")).default(this.ajv, validate);
        } catch {
            // A schema ajv cannot write as standalone code is compiled on each run instead.
        }
        if (code !== undefined) writeCacheEntry(file, code);
        return validate;
    }
}

/**
 * Reconciles and validates a pack config for a pack's policies. Throws PolicyConfigError listing every
 * problem (policy, property, what is allowed), as the engine refuses to run with an invalid config.
 */
export class PackConfigReconciler {
    private readonly cache: ValidatorCache;
    /** By schema text: most policies share one schema (the exemptions' own). */
    private readonly validators = new Map<string, ValidateFunction>();

    private readonly initialConfig: InitialPolicyConfig;

    /**
     * `cacheDir`: where compiled validators are kept (default node_modules/.cache/mlplatform-ajv);
     * `initialConfig`: the pack's own, applied before the given config.
     */
    constructor(
        private readonly policies: ConfigurablePolicy[],
        options: { cacheDir?: string; initialConfig?: InitialPolicyConfig } = {},
    ) {
        this.cache = new ValidatorCache(options.cacheDir ?? AJV_CACHE_DIR);
        this.initialConfig = options.initialConfig ?? new Map();
    }

    private validator(policy: ConfigurablePolicy): ValidateFunction | undefined {
        if (!policy.configSchema) return undefined;
        const { properties, required } = policy.configSchema;
        // config.go convertSchema: an object with the policy's properties and required list.
        const schema = { type: "object", ...(Object.keys(properties).length ? { properties } : {}), ...(required.length ? { required } : {}) };
        const key = JSON.stringify(schema);
        let v = this.validators.get(key);
        if (!v) {
            v = this.cache.get(schema);
            this.validators.set(key, v);
        }
        return v;
    }

    reconcile(config: Record<string, unknown>): ReconciledConfig {
        const entries = parseEntries(config);
        const result = new Map<string, ResolvedPolicyConfig>();
        // createConfigWithDefaults
        for (const p of this.policies) {
            const defaults = Object.entries(p.configSchema?.properties ?? {}).filter(([, s]) => s && typeof s === "object" && "default" in s);
            result.set(p.name, { enforcementLevel: p.enforcementLevel, properties: Object.fromEntries(defaults.map(([k, s]) => [k, s.default])) });
        }
        applyConfig(result, this.initialConfig);
        const warnings = applyConfig(result, entries).map((name) => `policy config names "${name}", which is not a policy of the pack: ignored, as the engine does`);
        const problems: string[] = [];
        for (const p of this.policies) {
            const validate = this.validator(p);
            if (validate && !validate(result.get(p.name)!.properties)) problems.push(...(validate.errors ?? []).map((e) => describeError(p, e)));
        }
        if (problems.length > 0) throw new PolicyConfigError(problems);
        return { policies: result, warnings };
    }
}
