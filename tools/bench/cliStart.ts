/**
 * `node -r tools/register.js tools/bench/cliStart.ts <policy pack directory>`: starts a pack as the Pulumi
 * CLI does for `--policy-pack <dir>` (servedThroughCli), with ts-node's cache in TS_NODE_CACHE_DIRECTORY, and
 * waits until the pack prints its port and answers GetAnalyzerInfo, as the engine's first call. Prints one
 * JSON line: {policies, portMs, readyMs, cpuMs} (cpuMs: the pack process's own CPU time, start to ready).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalPolicyPack } from "../offline/policyPack";

/** A pack served in its own process through the Pulumi CLI's entry, and the harness's connection to it. */
export interface CliServedPack {
    pack: LocalPolicyPack;
    /** Milliseconds from the spawn to the port printed, and to GetAnalyzerInfo answered. */
    portMs: number;
    readyMs: number;
    /** The pack process's CPU time so far, in seconds (Linux: /proc; undefined elsewhere). */
    cpuSeconds(): number | undefined;
    /** Ends the connection and the process; resolves with the process's own CPU time in seconds (from tools/bench/usage.js). */
    stop(): Promise<number>;
}

/** user + system time of a running process, all its threads, from /proc (clock ticks of 1/100 s, Linux's USER_HZ). */
function procCpuSeconds(pid: number): number | undefined {
    try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
        return undefined;
    }
}

/**
 * Starts the pack in `dir` as the Pulumi CLI does for `--policy-pack <dir>`: a Node process of its own running
 * its SDK's cmd/run-policy-pack in the pack's folder (pulumi-language-nodejs RunPlugin), so ts-node
 * type-checks a TypeScript pack and @pulumi/pulumi's inspector hooks are on (the Debugger domain enabled,
 * which makes every thrown error dearer), and the engine reaches it over loopback gRPC.
 */
export async function servedThroughCli(dir: string, env: NodeJS.ProcessEnv = {}): Promise<CliServedPack> {
    const entry = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
    const usageFile = path.join(os.tmpdir(), `bench-cli-pack-${process.pid}-${Date.now()}.json`);
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, ["-r", path.join(__dirname, "usage.js"), entry, "127.0.0.1:0", "."], {
        cwd: dir,
        env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile },
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
    return {
        pack,
        portMs,
        readyMs,
        cpuSeconds: () => procCpuSeconds(child.pid!),
        async stop() {
            pack.close();
            child.kill("SIGTERM"); // usage.js writes the process's figures as it exits
            await exited;
            const { cpuMicros } = JSON.parse(fs.readFileSync(usageFile, "utf8"));
            fs.rmSync(usageFile, { force: true });
            return cpuMicros / 1e6;
        },
    };
}

async function main(): Promise<void> {
    const served = await servedThroughCli(path.resolve(process.argv[2] ?? "."));
    const cpuSeconds = await served.stop();
    console.log(JSON.stringify({ policies: served.pack.policies.length, portMs: served.portMs, readyMs: served.readyMs, cpuMs: cpuSeconds * 1000 }));
    process.exit(0);
}

if (require.main === module) void main();
