import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { ROOT } from "../../harness";

const PACK = path.join(ROOT, "test", "fixtures", "unstartable-pack");

/**
 * A pack whose module loads but which then fails to start (here its analyzer cannot describe itself) stays
 * loaded in the process: requiring it again starts nothing. A second start in the same process (a test, a
 * tool that retries) fails at once with the first error instead of waiting 30 s for a port that never comes.
 * In a child process: this one serves the project's pack.
 */
describe("LocalPolicyPack.start after a pack failed to start", () => {
    it("fails at once the second time, naming the first error and what to do", function () {
        this.timeout(60_000);
        const script = `
            const { LocalPolicyPack } = require("./tools/offline/policyPack.ts");
            (async () => {
                const messages = [];
                for (let i = 0; i < 2; i++) {
                    await LocalPolicyPack.start(${JSON.stringify(PACK)}).then(() => messages.push("started"), (err) => messages.push(err.message));
                }
                process.stdout.write(JSON.stringify(messages));
                process.exit(0);
            })();`;
        const child = spawnSync(process.execPath, ["-r", "./tools/register.js", "-e", script], { cwd: ROOT, encoding: "utf8" });
        assert.equal(child.status, 0, child.stderr);
        const [first, second] = JSON.parse(child.stdout) as string[];
        assert.match(first, /Unexpected struct type/, "the analyzer's own error");
        assert.match(second, /^The policy pack in .*unstartable-pack was loaded earlier in this process and failed to start: .*Unexpected struct type.*\. A process loads a pack once: start it in a new process$/s);
    });
});
