import { strict as assert } from "assert";
import { policyPack, stackRun } from "../../harness";
import { analysisOf } from "../../support/sharedAnalysis";
import { LocalPolicyPack } from "../../../tools/offline/policyPack";

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
});
