import { strict as assert } from "assert";
import * as path from "path";
import { PROHIBITIONS } from "../policy-pack/policies/iam/iam-no-users-or-access-keys";
import { LocalPolicyPack, PolicyPackConfig, Violation } from "../tools/offline/policyPack";
import { CapturedResource, InlineRunOptions, ProgramRun, UNKNOWN, runProgram, runUnderMocks } from "../tools/offline/runProgram";
import { SECRET_SIG, SIG_KEY } from "../tools/offline/wire";
import { analysisOf } from "./support/sharedAnalysis";

/**
 * Test harness: the project's stacks and small inline programs run under Pulumi's mocks, and the real
 * policy pack judges what they registered, through the same analyzer protocol the CLI uses.
 */

export const ROOT = path.resolve(__dirname, "..");
export const PROGRAM = path.join(ROOT, "index.ts");
export const POLICY_PACK = path.join(ROOT, "policy-pack");
export { UNKNOWN };

const stackRuns = new Map<string, Promise<ProgramRun>>();

/** The project's own stack (real Pulumi.<stack>.yaml), run once per mode and shared by the tests. */
export function stackRun(stack: string, preview = false): Promise<ProgramRun> {
    const key = `${stack}:${preview}`;
    if (!stackRuns.has(key)) stackRuns.set(key, runProgram({ program: PROGRAM, stack, preview }));
    return stackRuns.get(key)!;
}

/** The project's program for a stack with some config keys changed (undefined removes a key). */
export function stackRunWith(stack: string, configOverrides: Record<string, string | undefined>, preview = false): Promise<ProgramRun> {
    return runProgram({ program: PROGRAM, stack, preview, configOverrides });
}

/** A small program given as a function, e.g. one bucket, for policy and component tests. */
export function inlineRun(entry: () => unknown, options: Partial<InlineRunOptions> = {}): Promise<ProgramRun> {
    return runUnderMocks(
        {
            project: "policytest",
            stack: "test",
            config: { "aws:region": "us-east-1", ...(options.config ?? {}) },
            preview: options.preview,
            secretKeys: options.secretKeys,
        },
        entry,
    );
}

export function ofType(run: ProgramRun, type: string): CapturedResource[] {
    return run.resources.filter((r) => r.type === type);
}

export function one(run: ProgramRun, type: string, name?: string): CapturedResource {
    const found = ofType(run, type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
    return found[0];
}

/** Inputs as plain values: secrets unwrapped, unknowns left as the UNKNOWN sentinel. */
export function inputs(r: CapturedResource): any {
    const plain = (v: any): any => {
        if (Array.isArray(v)) return v.map(plain);
        if (v && typeof v === "object") {
            if (v[SIG_KEY] === SECRET_SIG) return plain(v.value);
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
        }
        return v;
    };
    return plain(r.rawInputs);
}

/** A JSON document input (policy, assumeRolePolicy), parsed. */
export function doc(r: CapturedResource, prop: string): any {
    const text = inputs(r)[prop];
    if (typeof text !== "string" || text === UNKNOWN) throw new Error(`${r.urn}: ${prop} is not known`);
    return JSON.parse(text);
}

let packPromise: Promise<LocalPolicyPack> | undefined;
export function policyPack(): Promise<LocalPolicyPack> {
    packPromise ??= LocalPolicyPack.start(POLICY_PACK);
    return packPromise;
}

/**
 * Runs the real policy pack over a run, with the given pack config (defaults otherwise). Once per run
 * object, config and tags (test/support/sharedAnalysis.ts): the answer is shared, and frozen.
 */
export async function violations(run: ProgramRun, config: PolicyPackConfig = {}, stackTags: Record<string, string> = {}): Promise<readonly Violation[]> {
    return (await analysisOf(await policyPack(), run, config, stackTags)).violations;
}

/** The engine's advisory for a check skipped because a value is unknown during preview. */
export function isPreviewSkip(v: Violation): boolean {
    return v.level === "advisory" && /^can't run policy '.*' from policy pack '.*' during preview: /.test(v.message);
}

/** The preview skips a policy announced for a run, as `message` lines. */
export async function skipsOf(run: ProgramRun, policy: string, config: PolicyPackConfig = {}): Promise<string[]> {
    return (await violations(run, config)).filter((v) => v.policy === policy && isPreviewSkip(v)).map((v) => v.message);
}

/**
 * For every policy, whether some test saw it report a violation and some test saw it pass. The policy
 * pack's coverage test requires both for every policy of the pack.
 */
export const policyOutcomes = new Map<string, { violating: boolean; compliant: boolean }>();

/**
 * Violations of one policy, as `resource name: message` lines, for readable assertions. The engine's
 * message starts with the policy's description on a line of its own; that line is left out here.
 */
export async function violationsOf(run: ProgramRun, policy: string, config: PolicyPackConfig = {}): Promise<string[]> {
    const pack = await policyPack();
    const description = pack.policies.find((p) => p.name === policy)?.description;
    assert.ok(description, `the pack has no policy ${policy}`);
    const analysis = await analysisOf(pack, run, config, {});
    const found = analysis.violations.filter((v) => v.policy === policy && !isPreviewSkip(v));
    const outcome = policyOutcomes.get(policy) ?? { violating: false, compliant: false };
    if (found.length > 0) outcome.violating = true;
    // A compliant case: the policy applied to a resource (for a stack policy: ran over the stack) and
    // reported nothing on it.
    const reported = new Set(found.map((v) => v.urn));
    const kind = pack.policies.find((p) => p.name === policy)!.kind;
    const applied = [...(analysis.applied.get(policy) ?? [])];
    if (kind === "resource" ? applied.some((urn) => !reported.has(urn)) : applied.length > 0 && found.length === 0) outcome.compliant = true;
    // A prohibition (a forbidden resource type) is complied with by a stack that has none.
    if (PROHIBITIONS.includes(policy) && found.length === 0) outcome.compliant = true;
    policyOutcomes.set(policy, outcome);
    return found
        .map((v) => `${v.urn.split("::").pop()}: ${v.message.startsWith(`${description}\n`) ? v.message.slice(description.length + 1) : v.message}`);
}
