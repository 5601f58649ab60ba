import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { ROOT, policyPack, stackRun } from "../../harness";
import { analysisOf } from "../../support/sharedAnalysis";
import { TOOL_PRELOADS } from "../../support/toolProcess";
import { LocalPolicyPack } from "../../../tools/offline/policyPack";
import { analysisDigest, synthetic } from "../../../tools/bench/throughput";

/** Per policy, the URNs it applied to, sorted: comparable with deepEqual. */
const appliedAsLists = (applied: ReadonlyMap<string, ReadonlySet<string>>) => [...applied].map(([policy, urns]) => [policy, [...urns].sort()]);

/**
 * The offline plan calls the pack's analyzer in its own process with gRPC's encoding but no loopback
 * connection (tools/offline/policyPack.ts, inProcessAnalyzerClient). It must find exactly what the pack
 * finds over real gRPC, as the CLI talks to it: the same violations, the same policies applied to the same
 * resources, and answers of the same encoded size. The pack serves gRPC as under the CLI even when called
 * in process, so the suite's own pack is reached over a loopback connection (LocalPolicyPack.connect, what
 * `throughput.ts --transport grpc` and `start(dir, { transport: "grpc" })` use): the same pack and the same
 * encoding as a pack in a process of its own, without a second process loading Pulumi and running the
 * stack again. The in-process side is the suite's shared analysis of the prod stack.
 */
describe("the pack's analyzer in process vs over gRPC", () => {
    it("finds the same on the prod stack, with answers of the same bytes", async function () {
        this.timeout(180_000);
        const run = await stackRun("prod");
        const pack = await policyPack();
        const inProcess = await analysisOf(pack, run, {}, {});
        assert.match(pack.address, /^127\.0\.0\.1:\d+$/, "the pack's analyzer listens as under the CLI");
        const overGrpc = await LocalPolicyPack.connect(pack.address);
        try {
            const violations = await overGrpc.analyze(run);
            assert.ok(violations.length > 0 && overGrpc.lastResponseBytes > 0);
            assert.deepEqual(violations, inProcess.violations, "violations");
            assert.deepEqual(appliedAsLists(overGrpc.lastApplied), appliedAsLists(inProcess.applied), "applied policies");
            assert.equal(overGrpc.lastResponseBytes, inProcess.responseBytes, "answer bytes");
        } finally {
            overGrpc.close();
            // The connection configured the shared pack with its defaults: the suite's client says the same.
            await pack.configure({});
        }
    });

    it("finds the same as the pack in a process of its own, over gRPC (the bench's harness: throughput.ts --transport grpc)", async function () {
        this.timeout(180_000);
        // The synthetic stack (a few of each kind the bench mixes, some violating), not a stack's program: the
        // child then only loads Pulumi and the pack.
        const size = 48;
        const child = spawnSync(process.execPath, [...TOOL_PRELOADS, path.join(ROOT, "tools", "bench", "throughput.ts"), String(size), "--transport", "grpc"], { cwd: ROOT, encoding: "utf8" });
        assert.equal(child.status, 0, child.stderr);
        const found = JSON.parse(child.stdout.trim().split("\n").pop()!);
        assert.equal(found.transport, "grpc");
        assert.equal(found.resources, size);
        const pack = await policyPack();
        await pack.configure({});
        const violations = await pack.analyze(synthetic(size));
        assert.ok(violations.length > 0, "the synthetic stack has violations");
        assert.equal(found.violations, violations.length);
        assert.equal(found.responseBytes, pack.lastResponseBytes, "answer bytes");
        assert.equal(found.digest, analysisDigest(violations, pack.lastApplied), "violations and applied policies");
    });
});
