import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { ROOT } from "../../harness";
import { readStackFiles, runProgram } from "../../../tools/offline/runProgram";
import { TOOL_PRELOADS } from "../../support/toolProcess";

/** tools/bench/programAlone.js on a fixture program, with its stack's config passed as the language host does. */
function programAlone(fixture: string): { status: number | null; stdout: string; stderr: string } {
    const program = path.join(ROOT, "test", "fixtures", fixture, "index.ts");
    const files = readStackFiles(program, "test");
    // With the deferral preloaded (TOOL_PRELOADS): this checks what the runner registers and how it exits,
    // not its load time, which the bench measures without it. 0.8 -> 0.35 s of CPU per child.
    return spawnSync(process.execPath, [...TOOL_PRELOADS, path.join(ROOT, "tools", "bench", "programAlone.js"), program, files.project, "test"], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, PULUMI_CONFIG: JSON.stringify(files.config), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(files.secretKeys) },
    });
}

/**
 * The bench's "program alone" row must run the same program to completion, registering what the plan's run
 * registers, or the split between Pulumi's part and the offline tool's part it prints would be wrong.
 */
describe("the bench's program-alone runner", () => {
    it("registers every resource the plan's run of the same program registers", async function () {
        this.timeout(60_000);
        const child = programAlone("thirty-resources");
        assert.equal(child.status, 0, child.stderr);
        const run = await runProgram({ program: path.join(ROOT, "test", "fixtures", "thirty-resources", "index.ts"), stack: "test" });
        assert.equal(run.resources.length, 31, "30 resources and the stack");
        assert.equal(child.stdout.trim(), `${run.resources.length} resources`);
    });

    it("fails with exit code 2 when the program fails, so the bench never times a broken run", function () {
        this.timeout(60_000);
        const child = programAlone("crashing");
        assert.equal(child.status, 2);
        assert.match(child.stderr, /lookup table missing/);
    });
});
