import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as path from "path";
import { ROOT, policyPack, stackRun } from "../../harness";
import { analysisOf } from "../../support/sharedAnalysis";
import { TOOL_PRELOADS } from "../../support/toolProcess";

interface Found {
    violations: number;
    responseBytes: number;
    digest: string;
    resources: number;
}

/** One analysis of the prod stack over loopback gRPC by tools/bench/throughput.ts (in its own process: a process serves one pack). */
function analyseOverGrpc(): Found & { transport: string } {
    const child = spawnSync(process.execPath, [...TOOL_PRELOADS, path.join(ROOT, "tools", "bench", "throughput.ts"), "prod", "--transport", "grpc"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(child.status, 0, child.stderr);
    // Timings differ from run to run; what the analysis found must not.
    const { violations, responseBytes, digest, resources, transport: used } = JSON.parse(child.stdout.trim().split("\n").pop()!);
    return { violations, responseBytes, digest, resources, transport: used };
}

/**
 * The same analysis in this process, with the suite's pack (started by LocalPolicyPack.start with the
 * default in-process transport, as throughput.ts --transport in-process does) over the suite's run of the
 * prod stack (runProgram with the stack's config, as throughput.ts runs it), summarised as throughput.ts
 * does: its digest is the SHA-1 of [violations, per policy the sorted URNs it applied to].
 */
async function analyseInThisProcess(): Promise<Found> {
    const run = await stackRun("prod");
    const { violations, applied, responseBytes } = await analysisOf(await policyPack(), run, {}, {});
    const digest = crypto
        .createHash("sha1")
        .update(JSON.stringify([violations, [...applied].map(([policy, urns]) => [policy, [...urns].sort()])]))
        .digest("hex");
    return { violations: violations.length, responseBytes, digest, resources: run.resources.length };
}

/**
 * The offline plan calls the pack's analyzer in its own process with gRPC's encoding but no loopback
 * connection (tools/offline/policyPack.ts, inProcessAnalyzerClient). It must find exactly what the pack
 * finds over real gRPC, as the CLI talks to it: the same violations, the same policies applied to the same
 * resources, and answers of the same encoded size. The gRPC side runs in a process of its own (a process
 * serves one pack, and this one's is in-process); the in-process side is the suite's own analysis of the
 * prod stack, shared with the other tests, where a child running throughput.ts --transport in-process
 * used to repeat it.
 */
describe("the pack's analyzer in process vs over gRPC", () => {
    it("finds the same on the prod stack, with answers of the same bytes", async function () {
        this.timeout(180_000);
        const inProcess = await analyseInThisProcess();
        const overGrpc = analyseOverGrpc();
        assert.equal(overGrpc.transport, "grpc");
        assert.ok(overGrpc.violations > 0 && overGrpc.responseBytes > 0);
        const { transport: _, ...found } = overGrpc;
        assert.deepEqual(inProcess, found, "violations, applied policies and answer bytes agree");
    });
});
