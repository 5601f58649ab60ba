import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { servedThroughCli } from "../../tools/offline/pulumiCli";
import { POLICY_PACK, ROOT } from "../harness";
import { packBuild, smallPack } from "../support/smallPack";

describe("the pack's entry the Pulumi CLI runs (policy-pack/main.js)", function () {
    this.timeout(120_000);

    /**
     * `pulumi preview` starts the pack in a new process every time, and on Node 22 and 24 the compile cache
     * took about 13% off the TypeScript pack's start when it was added (1,012 -> 881 ms on Node 22). Node 20
     * has no such cache, so the process here runs the entry with a stand-in that records when it is called
     * (test/support/compileCacheProbe.js).
     */
    it("turns Node's compile cache on first, so the policies, @pulumi/policy and their dependencies are read from it", () => {
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
        assert.deepEqual(ownModules.map((file) => path.relative(POLICY_PACK, file)), ["main.js"]);
    });

    // The other side, the build served without ts-node compiling anything, is publish.test's, on the published pack.
    it("serves the TypeScript through run-policy-pack's ts-node after an edit, loading no Automation API or closure serialisation", async () => {
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "pack-entry-"));
        try {
            const dir = smallPack(work, "from-the-build");
            assert.deepEqual(packBuild.build(dir), []);
            fs.writeFileSync(path.join(dir, "names.json"), JSON.stringify({ policy: "edited" }));
            const tsNodeCache = path.join(work, "ts-node");
            const loadedFile = path.join(work, "loaded.json");
            const started = await servedThroughCli(dir, {
                env: { TS_NODE_CACHE_DIRECTORY: tsNodeCache, LOADED_MODULES_FILE: loadedFile },
                nodeArgs: ["-r", path.join(ROOT, "test", "support", "loadedModulesProbe.js")],
            });
            try {
                assert.deepEqual(
                    started.pack.policies.map((p) => p.name),
                    ["edited"],
                    "an edited pack is never served from the older build",
                );
            } finally {
                await started.stop();
            }
            const compiled = fs.readdirSync(tsNodeCache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
            assert.ok(compiled.length > 0, "served through ts-node");
            // policy-pack/deferredModules.js, installed by the entry: @pulumi/policy loads @pulumi/pulumi's index,
            // whose Automation API and closure serialisation modules then get stand-ins that nothing calls.
            assert.ok(fs.existsSync(loadedFile), "the pack's process wrote what it loaded when told to stop (test/support/loadedModulesProbe.js)");
            const loaded = (JSON.parse(fs.readFileSync(loadedFile, "utf8")) as string[]).map((f) => f.split(path.sep).join("/"));
            assert.ok(loaded.some((f) => f.endsWith("/node_modules/@pulumi/pulumi/index.js")), "the SDK's index was loaded");
            const deferred = loaded.filter((f) => /\/node_modules\/(@npmcli\/arborist|normalize-package-data|@pulumi\/pulumi\/automation)\//.test(f));
            assert.deepEqual(deferred, [], "loaded only if used");
        } finally {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });
});
