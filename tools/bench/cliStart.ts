/**
 * `node -r tools/register.js tools/bench/cliStart.ts <policy pack directory>`: starts a pack as the Pulumi
 * CLI does for `--policy-pack <dir>` (its SDK's cmd/run-policy-pack in the pack's folder: ts-node type-checks
 * the pack, and @pulumi/pulumi's inspector hooks are on), with ts-node's cache in TS_NODE_CACHE_DIRECTORY,
 * and waits until the pack prints its port and answers GetAnalyzerInfo, as the engine's first call. Prints
 * one JSON line: {policies, portMs, readyMs, cpuMs} (cpuMs: the pack process's own CPU time, start to ready).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalPolicyPack } from "../offline/policyPack";

async function main(): Promise<void> {
    const dir = path.resolve(process.argv[2] ?? ".");
    const entry = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
    const usageFile = path.join(os.tmpdir(), `bench-cli-start-${process.pid}.json`);
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, ["-r", path.join(__dirname, "usage.js"), entry, "127.0.0.1:0", "."], {
        cwd: dir,
        env: { ...process.env, BENCH_USAGE_FILE: usageFile },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += String(d)));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const port = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d) => {
            out += String(d);
            const m = /^(\d+)\s*$/m.exec(out);
            if (m) resolve(m[1]);
        });
        void exited.then(() => reject(new Error(`the pack in ${dir} exited before serving:\n${out}\n${err}`)));
    });
    const portMs = elapsed();
    const pack = await LocalPolicyPack.connect(`127.0.0.1:${port}`);
    const readyMs = elapsed();
    child.kill("SIGTERM"); // usage.js writes the process's figures as it exits
    await exited;
    const { cpuMicros } = JSON.parse(fs.readFileSync(usageFile, "utf8"));
    fs.rmSync(usageFile, { force: true });
    console.log(JSON.stringify({ policies: pack.policies.length, portMs, readyMs, cpuMs: cpuMicros / 1000 }));
    process.exit(0);
}

void main();
