import { LocalPolicyPack, PolicyPackConfig, Violation } from "../../tools/offline/policyPack";
import { ProgramRun } from "../../tools/offline/runProgram";
import { deepFreeze } from "./deepFreeze";

/** What one analysis of a run found: its violations, and the resources each policy applied to. */
export interface Analysis {
    violations: readonly Violation[];
    /** The pack's lastApplied right after this analysis: policy -> URNs (the stack's URN for a stack policy). */
    applied: ReadonlyMap<string, ReadonlySet<string>>;
    /** Encoded bytes of the pack's answers in this analysis (the pack's lastResponseBytes right after it). */
    responseBytes: number;
}

const analyses = new WeakMap<ProgramRun, Map<string, Promise<Analysis>>>();

/**
 * The pack's analysis of a run, once per run object, pack config and stack tags. The project's stacks are
 * run once and shared (harness stackRun), and many tests ask the pack about the same run: the prod stack
 * alone was analysed 19 times with the default config, 0.3-0.5 s each. The analysis is deterministic for
 * a run and a config (the pack is configured before each), and a run is not changed after it is captured,
 * so the first answer serves them all. The violations are deeply frozen, the applied sets copied: no test
 * changes what another reads. A run object made for one test (inlineRun) is analysed as before.
 */
export function analysisOf(pack: LocalPolicyPack, run: ProgramRun, config: PolicyPackConfig, stackTags: Record<string, string>): Promise<Analysis> {
    let byConfig = analyses.get(run);
    if (!byConfig) analyses.set(run, (byConfig = new Map()));
    const key = JSON.stringify([config, stackTags]);
    let analysis = byConfig.get(key);
    if (!analysis) {
        analysis = (async () => {
            await pack.configure(config);
            const violations = await pack.analyze(run, stackTags);
            const applied = new Map([...pack.lastApplied].map(([policy, urns]) => [policy, new Set(urns)]));
            return { violations: deepFreeze(violations), applied, responseBytes: pack.lastResponseBytes };
        })();
        // A failed analysis is not kept: the next test asks again and sees the error itself.
        analysis.catch(() => byConfig!.delete(key));
        byConfig.set(key, analysis);
    }
    return analysis;
}
