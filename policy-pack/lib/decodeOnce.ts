/**
 * Each resource's properties decoded once per request instead of once per policy.
 *
 * @pulumi/policy's analyzer (1.21, server.js) decodes a resource's properties (google-protobuf's
 * Struct.toJavaScript, then deserializeProperties) for every policy that looks at it: each untyped resource
 * policy decodes the resource and its provider again, and each stack policy decodes every resource of the
 * stack again. With 76 policies that is ~37 decodings of every resource per analysis, most of the pack's
 * cost. The Struct the analyzer decodes is the same object for every policy of one request (google-protobuf
 * caches the wrapper of a message field), so the decoded value is kept per Struct in a WeakMap: the next
 * policy gets the same plain object (the analyzer still wraps it in its own unknown-checking proxy per
 * call), and the cache goes with the request.
 *
 * Only the analyzer's plain decoding (`proxySecrets` false: Analyze, AnalyzeStack and the provider of each
 * resource) is shared; remediation decodes with secrets kept as secrets and may change what it gets, so it
 * keeps its own copy every time. Policies read `args.props` and never write it (nothing in the pack does; a
 * write would now be seen by the policies after it in the same request).
 */

type Decode = (struct: object, proxySecrets: boolean) => Record<string, unknown>;
const SHARED = Symbol.for("mlplatform-guardrails.decodeOnce");

/**
 * Makes the analyzer decode each resource once per request. Idempotent; returns whether the analyzer's
 * decoding is shared (false if this version of @pulumi/policy has no such function to wrap: the pack then
 * runs exactly as before, only slower).
 */
export function decodeEachResourceOnce(): boolean {
    // The module object itself (an ES namespace import would be a copy): the analyzer reads its property at each call.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require("@pulumi/policy/deserialize") as { deserializeProperties?: Decode & { [SHARED]?: true } };
    const original = module.deserializeProperties;
    if (typeof original !== "function") return false;
    if (original[SHARED]) return true;
    const decoded = new WeakMap<object, Record<string, unknown>>();
    const shared: Decode & { [SHARED]?: true } = (struct, proxySecrets) => {
        if (proxySecrets || struct === null || typeof struct !== "object") return original(struct, proxySecrets);
        let props = decoded.get(struct);
        if (props === undefined) {
            props = original(struct, proxySecrets);
            decoded.set(struct, props);
        }
        return props;
    };
    shared[SHARED] = true;
    module.deserializeProperties = shared;
    return true;
}
