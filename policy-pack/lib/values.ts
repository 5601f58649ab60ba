import { PolicyResource, UnknownValueError } from "@pulumi/policy";

const UNKNOWN_MARK = Symbol("unknown");

/** The value `read` returns, or UNKNOWN_MARK when it (or anything nested in it) is unknown in preview. */
function probe<T>(read: () => T): T | typeof UNKNOWN_MARK {
    try {
        const value = read();
        // Touch nested values so an unknown deep inside surfaces here, not later in the policy.
        if (value && typeof value === "object") JSON.stringify(value);
        return value;
    } catch (err) {
        if (err instanceof UnknownValueError) return UNKNOWN_MARK;
        throw err;
    }
}

/**
 * Reads a value that may be unknown during `pulumi preview` (an output of a resource not created yet).
 * Returns `undefined` for unknown so a policy can skip that one check and enforce it once the value is
 * known, instead of aborting the whole policy. Any other error is rethrown.
 */
export function whenKnown<T>(read: () => T): T | undefined {
    const value = probe(read);
    return value === UNKNOWN_MARK ? undefined : value;
}

/**
 * True when a property is set. A value unknown during preview is set (it is an output of another
 * resource), so presence checks need not wait for the update.
 */
export function isSet(read: () => unknown): boolean {
    const value = probe(read);
    if (value === UNKNOWN_MARK) return true;
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== "";
}

/**
 * For stack policies, which see outputs: whether the program set `prop` on the resource. In preview a new
 * resource's outputs are the provider's planned state, where every value the provider computes and the
 * program did not set is unknown (a role's inlinePolicies, a default security group's ingress). Such a
 * provider-computed unknown is "not judged yet", not "set": it is the provider's to fill, not the
 * program's choice. An unknown the program set is another resource's output, so it carries a property
 * dependency (the engine sends only non-empty ones: pulumi/pulumi pkg/resource/plugin/analyzer_plugin.go).
 * Known values count as set when non-empty, as in `isSet`.
 */
export function isSetByProgram(resource: Pick<PolicyResource, "props" | "propertyDependencies">, prop: string): boolean {
    const value = probe(() => resource.props[prop]);
    if (value === UNKNOWN_MARK) return (resource.propertyDependencies?.[prop] ?? []).length > 0;
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== "";
}

/** True when reading the value hits an unknown (preview). */
export function isUnknown(read: () => unknown): boolean {
    return probe(read) === UNKNOWN_MARK;
}

/**
 * The error to end a check with when what it needs is unknown during preview. The engine reports it as
 * an advisory "can't run policy ... during preview: <message>", so the skip is visible, and the check
 * runs for real in `pulumi up`, when the value is known.
 */
export function skippedInPreview(what: string): UnknownValueError {
    const err = new UnknownValueError("04da6b54-80e4-46f7-96ec-b56ff0331ba9", []);
    err.message = `skipped ${what}: it depends on values known only after the update, and is checked then`;
    return err;
}

/** Provider config values may arrive as objects or as JSON text, depending on the engine version. */
export function maybeJson(value: unknown): unknown {
    if (typeof value === "string") {
        try {
            return JSON.parse(value);
        } catch {
            return value;
        }
    }
    return value;
}

/** Short resource label for messages: `aws:s3/bucket:Bucket "data"`. */
export function describe(r: { type: string; name: string }): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}

/** The `environment` tag a resource ends up with: its own, else the provider's default tags. */
export function environmentOf(props: Record<string, any>, provider: { props: Record<string, any> } | undefined): string | undefined {
    const own = (whenKnown(() => props.tags) as Record<string, string> | undefined)?.environment;
    if (own) return own;
    const defaults = maybeJson((maybeJson(whenKnown(() => provider?.props?.defaultTags)) as any)?.tags) as Record<string, string> | undefined;
    return defaults?.environment;
}

/** Values of the environment tag that mean production, unless a policy's config says otherwise. */
export const DEFAULT_PRODUCTION_ENVIRONMENTS = ["prod", "production"];
