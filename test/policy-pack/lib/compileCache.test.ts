import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { POLICY_PACK, ROOT } from "../../harness";

/**
 * The pack's entry turns on Node's compile cache before it loads anything else (policy-pack/lib/compileCache.ts):
 * `pulumi preview` starts the pack in a new process every time, and on Node 22 and 24 the cache takes about
 * 130 ms (13%) off that start (`npm run bench -- --sections cli`). Node 20 has no such cache, so the
 * process here runs the entry with a stand-in that records when it is called (test/support/compileCacheProbe.js).
 */
describe("the pack's entry and Node's compile cache", () => {
    it("turns the cache on first, so the policies, @pulumi/policy and their dependencies are read from it", () => {
        const entry = path.join(POLICY_PACK, require(path.join(POLICY_PACK, "package.json")).main);
        const child = spawnSync(process.execPath, ["-r", path.join(ROOT, "tools", "register.js"), "-r", path.join(ROOT, "test", "support", "compileCacheProbe.js"), entry], {
            cwd: POLICY_PACK,
            encoding: "utf8",
            timeout: 60_000,
        });
        assert.equal(child.status, 0, child.stderr);
        const probe: { called: boolean; loadedBefore: string[] } = JSON.parse(child.stdout);
        assert.ok(probe.called, "the pack's entry never turned the compile cache on");
        const ownModules = probe.loadedBefore.filter((file) => !file.includes(`${path.sep}esbuild${path.sep}`)); // register.js's transpiler
        assert.deepEqual(ownModules.map((file) => path.relative(POLICY_PACK, file)).sort(), ["index.ts", path.join("lib", "compileCache.ts")]);
    });
});
