/**
 * `node -r tools/register.js tools/bench/cliStart.ts <policy pack directory>`: starts a pack as the Pulumi
 * CLI does for `--policy-pack <dir>` (servedThroughCli), with ts-node's cache in TS_NODE_CACHE_DIRECTORY, and
 * waits until the pack prints its port and answers GetAnalyzerInfo, as the engine's first call, then stops
 * it. Prints one JSON line: {policies, portMs, readyMs, cpuMs}, cpuMs being the pack process's own CPU time
 * from its start to its exit right after it was ready (tools/bench/usage.js, preloaded into it).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { servedThroughCli } from "../offline/pulumiCli";

async function main(): Promise<void> {
    const usageFile = path.join(os.tmpdir(), `bench-cli-start-${process.pid}.json`);
    const served = await servedThroughCli(path.resolve(process.argv[2] ?? "."), {
        env: { BENCH_USAGE_FILE: usageFile },
        nodeArgs: ["-r", path.join(__dirname, "usage.js")],
    });
    await served.stop(); // usage.js writes the process's figures as it exits
    const { cpuMicros } = JSON.parse(fs.readFileSync(usageFile, "utf8"));
    fs.rmSync(usageFile, { force: true });
    console.log(JSON.stringify({ policies: served.pack.policies.length, portMs: served.portMs, readyMs: served.readyMs, cpuMs: cpuMicros / 1000 }));
}

// Exit 2 on failure: the bench's measure() reads exit 1 as a plan's "violations found".
main().then(
    () => process.exit(0),
    (err) => {
        console.error(err);
        process.exit(2);
    },
);
