import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { ROOT } from "../harness";

/**
 * tools/register.js turns on Node's compile cache (module.enableCompileCache, Node >= 22.1) in the project's
 * cache directory, and on a Node without it (20) loads as before. Checked in a child process with the function
 * replaced, so it runs on any Node.
 */
describe("tools/register.js and Node's compile cache", () => {
    const load = (setup: string) =>
        spawnSync(process.execPath, ["-e", `const Module = require("module"); ${setup}; require(${JSON.stringify(path.join(ROOT, "tools", "register.js"))}); console.log("loaded")`], {
            encoding: "utf8",
        });

    it("enables it in node_modules/.cache/mlplatform-v8 where Node has it", () => {
        const child = load("Module.enableCompileCache = (dir) => console.log('cache ' + dir)");
        assert.equal(child.status, 0, child.stderr);
        assert.deepEqual(child.stdout.trim().split("\n"), [`cache ${path.join(ROOT, "node_modules", ".cache", "mlplatform-v8")}`, "loaded"]);
    });

    it("loads without it on a Node that lacks it", () => {
        const child = load("delete Module.enableCompileCache");
        assert.equal(child.status, 0, child.stderr);
        assert.equal(child.stdout.trim(), "loaded");
    });
});
