/**
 * What pulumi-aws's Check adds to a resource's inputs before the engine hands them to the analyzers
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go: Check, then Analyze), and what a new resource's
 * planned state looks like in preview (pulumi-terraform-bridge Create with preview=true: every Computed
 * attribute the program did not set is unknown). The per-type facts are generated from @pulumi/aws's
 * declarations by tools/gen-aws-resource-facts.ts.
 */

import { SECRET_SIG, SIG_KEY, UNKNOWN } from "./wire";

/** The engine's sentinel for a value unknown during preview (sdk rpc `unknownValue`). */
export { UNKNOWN };

export interface ResourceFacts {
    computed: string[];
    autoname?: boolean;
    regional?: boolean;
    taggable?: boolean;
}

// Read with require: typing a 280 kB JSON module would slow `tsc` for nothing.
const FACTS = require("./awsResourceFacts.json") as { types: Record<string, ResourceFacts>; invokes: Record<string, string[]> };
const TYPES = FACTS.types;

/** The fields of an @pulumi/aws data source's result, or undefined for other packages. */
export function awsInvokeFields(token: string): string[] | undefined {
    return FACTS.invokes[token];
}

/** The generated facts for an @pulumi/aws resource type, or undefined for other packages. */
export function awsFacts(type: string): ResourceFacts | undefined {
    return TYPES[type];
}

/** The provider configuration Check reads (`meta` in pulumi-aws's pre-Check callbacks). */
export interface ProviderMeta {
    region?: unknown;
    defaultTags?: unknown;
    ignoreTags?: unknown;
}

/** FNV-1a, hex: stable stand-ins for the random parts of names, so plans are reproducible. */
export function shortHash(text: string): string {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 16777619);
    }
    return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * The name pulumi-aws gives a resource whose `name` is not set: `<logical name>-<7 random hex chars>`
 * (pulumi-terraform-bridge `AutoName` with pulumi-aws's separator "-" and 255 characters, provider/autonaming.go).
 * Offline the 7 characters are a hash of type and name, so the same program gives the same plan.
 */
export function autoname(type: string, logicalName: string): string {
    return `${logicalName}-${shortHash(type + logicalName).slice(0, 7)}`;
}

function parseJsonText(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

function unwrapSecret(value: unknown): unknown {
    const obj = value as Record<string, unknown> | null;
    return obj && typeof obj === "object" && obj[SIG_KEY] === SECRET_SIG ? obj.value : value;
}

function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

function stringMap(value: unknown): Record<string, string> {
    const obj = unwrapSecret(parseJsonText(value));
    if (!obj || typeof obj !== "object" || Array.isArray(obj)) return {};
    return Object.fromEntries(Object.entries(obj as Record<string, unknown>).map(([k, v]) => [k, String(unwrapSecret(v))]));
}

/**
 * `tagsAll` as pulumi-aws computes it (provider/tags.go mergeTags): the provider's default tags, the
 * resource's tags on top, minus ignored keys and prefixes; unknown if anything it reads is unknown;
 * `{}` when no tag remains.
 */
export function mergeTags(tags: unknown, meta: ProviderMeta): Record<string, string> | typeof UNKNOWN {
    if (containsUnknown(tags) || containsUnknown(meta.defaultTags) || containsUnknown(meta.ignoreTags)) return UNKNOWN;
    const defaults = parseJsonText(unwrapSecret(meta.defaultTags)) as { tags?: unknown } | undefined;
    const merged = { ...stringMap(defaults?.tags), ...stringMap(tags) };
    const ignore = (parseJsonText(unwrapSecret(meta.ignoreTags)) ?? {}) as { keys?: string[]; keyPrefixes?: string[] };
    for (const key of Object.keys(merged)) {
        if ((ignore.keys ?? []).includes(key) || (ignore.keyPrefixes ?? []).some((p) => key.startsWith(p))) delete merged[key];
    }
    return merged;
}

/**
 * The inputs after pulumi-aws's Check, as the engine stores them and the analyzers receive them:
 * `name` autonamed (unless `name` or `namePrefix` is set), `region` from the provider unless set
 * (provider/region.go applyRegion), `tagsAll` merged (provider/tags.go applyTags). Other packages'
 * resources and components pass through unchanged.
 */
export function checkInputs(type: string, logicalName: string, inputs: Record<string, unknown>, meta: ProviderMeta): Record<string, unknown> {
    const f = awsFacts(type);
    if (!f) return inputs;
    const checked = { ...inputs };
    if (f.autoname && checked.name == null && checked.namePrefix == null) checked.name = autoname(type, logicalName);
    if (f.regional && checked.region == null && meta.region != null) checked.region = meta.region;
    if (f.taggable) checked.tagsAll = mergeTags(checked.tags, meta);
    return checked;
}

/**
 * A new resource's state as the provider plans it in preview: the checked inputs, and every output the
 * provider computes that they do not set, unknown (`extraComputed`: outputs the mocks know for types
 * outside @pulumi/aws, such as component outputs).
 */
export function plannedState(type: string, checked: Record<string, unknown>, extraComputed: string[] = []): Record<string, unknown> {
    const state = { ...checked };
    for (const key of [...(awsFacts(type)?.computed ?? []), ...extraComputed]) {
        if (state[key] === undefined) state[key] = UNKNOWN;
    }
    return state;
}
