/**
 * What upstream changes to @pulumi/policy's analyzer would give, measured in the throughput harness only
 * (`throughput.ts --sdk-experiment decode-once,no-reasons`). Never applied by a pack: these replace
 * undocumented internals of the SDK (1.21, server.js and protoutil.js) in the bench's process, to put
 * figures on a proposal to pulumi-policy, not to ship.
 *
 * - decode-once: the analyzer decodes a resource's properties (google-protobuf's Struct.toJavaScript, then
 *   deserializeProperties) for every policy that looks at it: each untyped resource policy decodes the
 *   resource and its provider again, each stack policy every resource of the stack again (~37 decodings
 *   of each resource per analysis with this pack). Here the decoded value is kept per Struct (the same
 *   object for every policy of one request: google-protobuf caches message wrappers) and shared as is, which
 *   measures the decoding saved but would let a policy that changes `props` change them for the next one.
 *   The change proposed upstream (docs/upstream/pulumi-policy-decode-once) gives each policy a copy-on-write
 *   view of the shared value instead. Remediation (secrets kept as secrets, result may be changed) keeps a
 *   fresh copy each time.
 * - no-reasons: the analyzer's type fast path answers "Policy only applies to resources of type '<type>'"
 *   for every skipped policy; the engine reads only the policy name of a not-applicable entry
 *   (pulumi/pulumi pkg/resource/analyzer/summary.go, newPolicySummary). Upstream, the fast path would send
 *   the name alone; here every reason is cleared before the answer is encoded.
 */
import * as path from "path";
import { policySdkDir } from "../offline/policyPack";

export const SDK_EXPERIMENTS = ["decode-once", "no-reasons"] as const;
export type SdkExperiment = (typeof SDK_EXPERIMENTS)[number];

/** A replaced SDK function keeps the original under this key, to apply once and to restore. */
const ORIGINAL = Symbol.for("mlplatform-guardrails.sdkExperiment.original");
type Decode = ((struct: object, proxySecrets: boolean) => Record<string, unknown>) & { [ORIGINAL]?: Decode };
type MakeResponse = ((ds: unknown[], notApplicable?: Array<{ setReason(r: string): void }>) => unknown) & { [ORIGINAL]?: MakeResponse };

/** The SDK module a pack in `packDir` loads. */
function sdkModule<T>(packDir: string, name: string): T {
    return require(path.join(policySdkDir(packDir), name)) as T;
}

/** Decodes each Struct once: the analyzer reads `deserializeProperties` off the module at each call. */
export function decodeOnce(packDir: string): void {
    const module = sdkModule<{ deserializeProperties?: Decode }>(packDir, "deserialize");
    const original = module.deserializeProperties;
    if (typeof original !== "function") throw new Error(`--sdk-experiment decode-once: this @pulumi/policy has no deserializeProperties to wrap`);
    if (original[ORIGINAL]) return;
    const decoded = new WeakMap<object, Record<string, unknown>>();
    const shared: Decode = (struct, proxySecrets) => {
        if (proxySecrets || struct === null || typeof struct !== "object") return original(struct, proxySecrets);
        let props = decoded.get(struct);
        if (props === undefined) {
            props = original(struct, proxySecrets);
            decoded.set(struct, props);
        }
        return props;
    };
    shared[ORIGINAL] = original;
    module.deserializeProperties = shared;
}

/** Clears the reason of every not-applicable entry before the answer is built. */
export function noReasons(packDir: string): void {
    const module = sdkModule<{ makeAnalyzeResponse?: MakeResponse }>(packDir, "protoutil");
    const original = module.makeAnalyzeResponse;
    if (typeof original !== "function") throw new Error(`--sdk-experiment no-reasons: this @pulumi/policy has no makeAnalyzeResponse to wrap`);
    if (original[ORIGINAL]) return;
    const nameOnly: MakeResponse = (ds, notApplicable) => {
        for (const entry of notApplicable ?? []) entry.setReason("");
        return original(ds, notApplicable);
    };
    nameOnly[ORIGINAL] = original;
    module.makeAnalyzeResponse = nameOnly;
}

/** Applies the named experiments to the SDK the pack in `packDir` will load; call before starting the pack. */
export function applySdkExperiments(packDir: string, names: string[]): SdkExperiment[] {
    const unknown = names.filter((n) => !(SDK_EXPERIMENTS as readonly string[]).includes(n));
    if (unknown.length > 0) throw new Error(`--sdk-experiment takes ${SDK_EXPERIMENTS.join(", ")} (comma-separated), got ${unknown.join(", ")}`);
    if (names.includes("decode-once")) decodeOnce(packDir);
    if (names.includes("no-reasons")) noReasons(packDir);
    return names as SdkExperiment[];
}

/** Puts the SDK's own functions back (for tests, which share one process with every other test). */
export function restoreSdk(packDir: string): void {
    const deserialize = sdkModule<{ deserializeProperties: Decode }>(packDir, "deserialize");
    deserialize.deserializeProperties = deserialize.deserializeProperties[ORIGINAL] ?? deserialize.deserializeProperties;
    const protoutil = sdkModule<{ makeAnalyzeResponse: MakeResponse }>(packDir, "protoutil");
    protoutil.makeAnalyzeResponse = protoutil.makeAnalyzeResponse[ORIGINAL] ?? protoutil.makeAnalyzeResponse;
}
