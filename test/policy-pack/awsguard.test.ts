import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../harness";
import { ensureAwsguardInstalled } from "../support/awsguardInstall";
import { TOOL_PRELOADS } from "../support/toolProcess";

/**
 * @pulumi/awsguard, Pulumi's own published AWS policies, run over the dev and prod stacks as an
 * independent check (in a child process: a process serves one policy pack). Every finding must be
 * explained in tools/awsguard/explained.json (and the README); a new finding fails this test.
 * Its dependencies (with @pulumi/aws 4) are installed on first use into tools/awsguard/node_modules,
 * outside the program's dependency tree (see test/support/awsguardInstall.ts).
 */
describe("@pulumi/awsguard over the project's stacks", () => {
    it("finds only what tools/awsguard/explained.json explains", function () {
        // A first run installs the check's dependencies from the npm registry (about 370 packages).
        this.timeout(600_000);
        const install = ensureAwsguardInstalled();
        if (install.installed) console.log(`      (installed tools/awsguard's dependencies in ${(install.milliseconds / 1000).toFixed(1)} s)`);
        const child = spawnSync(process.execPath, [...TOOL_PRELOADS, path.join(ROOT, "tools", "awsguard", "check.ts"), "dev", "prod"], {
            cwd: ROOT,
            encoding: "utf8",
        });
        assert.equal(child.status, 0, child.stderr);
        const findings = child.stdout
            .trim()
            .split("\n")
            .filter((l) => l.startsWith("{"))
            .map((l) => JSON.parse(l));
        const explained = JSON.parse(fs.readFileSync(path.join(ROOT, "tools", "awsguard", "explained.json"), "utf8")) as Record<string, string>;
        const unexplained = findings.filter((f) => !explained[`${f.policy} ${f.resource}`]).map((f) => `${f.stack}: ${f.policy} on ${f.type} ${f.resource}: ${f.message}`);
        assert.deepEqual(unexplained, []);
        assert.ok(findings.every((f) => f.level === "advisory"));
        // The explanations are not stale: each one still matches a finding.
        const seen = new Set(findings.map((f) => `${f.policy} ${f.resource}`));
        assert.deepEqual(Object.keys(explained).filter((k) => !seen.has(k)), []);
    });
});
