import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { ROOT } from "../../harness";

/** One analysis of the prod stack by tools/bench/throughput.ts (in its own process: a process serves one pack). */
function analyse(transport: "in-process" | "grpc"): { violations: number; responseBytes: number; digest: string; transport: string; resources: number } {
    const child = spawnSync(process.execPath, ["-r", path.join(ROOT, "tools", "register.js"), path.join(ROOT, "tools", "bench", "throughput.ts"), "prod", "--transport", transport], { cwd: ROOT, encoding: "utf8" });
    assert.equal(child.status, 0, child.stderr);
    // Timings differ from run to run; what the analysis found must not.
    const { violations, responseBytes, digest, resources, transport: used } = JSON.parse(child.stdout.trim().split("\n").pop()!);
    return { violations, responseBytes, digest, resources, transport: used };
}

/**
 * The offline plan calls the pack's analyzer in its own process with gRPC's encoding but no loopback
 * connection (tools/offline/policyPack.ts, inProcessAnalyzerClient). It must find exactly what the pack
 * finds over real gRPC, as the CLI talks to it: the same violations, the same policies applied to the same
 * resources, and answers of the same encoded size.
 */
describe("the pack's analyzer in process vs over gRPC", () => {
    it("finds the same on the prod stack, with answers of the same bytes", function () {
        this.timeout(180_000);
        const inProcess = analyse("in-process");
        const overGrpc = analyse("grpc");
        assert.equal(inProcess.transport, "in-process");
        assert.equal(overGrpc.transport, "grpc");
        assert.ok(overGrpc.violations > 0 && overGrpc.responseBytes > 0);
        assert.deepEqual({ ...inProcess, transport: "" }, { ...overGrpc, transport: "" }, "violations, applied policies and answer bytes agree");
    });
});
