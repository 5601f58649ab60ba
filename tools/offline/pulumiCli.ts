/**
 * What the Pulumi CLI itself does with a TypeScript program or policy pack, for the tests and the benchmark
 * that must do the same: which ts-node it compiles them with, and how it starts a pack.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { LocalPolicyPack } from "./policyPack";

/** The ts-node and TypeScript modules, as paths, the Pulumi CLI loads a TypeScript program or pack with. */
export interface CliTypeScript {
    tsnodeRequire: string;
    typescriptRequire: string;
}

/**
 * Which ts-node and TypeScript the Pulumi CLI compiles a TypeScript program or policy pack in `dir` with:
 * the choice of the @pulumi/pulumi that `dir` resolves (its tsutils.typeScriptRequireStrings, which the
 * CLI's entries cmd/run and cmd/run-policy-pack call): a ts-node and a TypeScript the project has
 * installed, else the ones the SDK vendors. Resolved as the SDK resolves them, from its own folder.
 */
export function cliTypeScript(dir: string): CliTypeScript {
    const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }));
    const chosen: CliTypeScript = require(path.join(sdk, "tsutils")).typeScriptRequireStrings();
    return { tsnodeRequire: require.resolve(chosen.tsnodeRequire, { paths: [sdk] }), typescriptRequire: require.resolve(chosen.typescriptRequire, { paths: [sdk] }) };
}

/** A pack served in its own process through the Pulumi CLI's entry, and a connection to it. */
export interface CliServedPack {
    pack: LocalPolicyPack;
    /** Milliseconds from the spawn to the port printed, and to GetAnalyzerInfo answered. */
    portMs: number;
    readyMs: number;
    /** The pack process's CPU time so far, in seconds, from /proc (undefined where there is none: not Linux). */
    cpuSeconds(): number | undefined;
    /** Ends the connection and the process, and waits for it to exit. */
    stop(): Promise<void>;
}

export interface ServeThroughCliOptions {
    /** Added to this process's environment (e.g. TS_NODE_CACHE_DIRECTORY). */
    env?: NodeJS.ProcessEnv;
    /** Node options for the pack's process, before the entry (e.g. a `-r` preload). */
    nodeArgs?: string[];
    /** How long to wait for the port (default 120 s: a first run type-checks the whole pack). */
    timeoutMs?: number;
}

/** user + system time of a running process, all its threads, from /proc (clock ticks of 1/100 s, Linux's USER_HZ). */
function procCpuSeconds(pid: number): number | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
        return undefined;
    }
}

/** Whether this machine lets servedThroughCli's cpuSeconds read a process's CPU time. */
export const canReadProcessCpu = (): boolean => procCpuSeconds(process.pid) !== undefined;

/**
 * Starts the pack in `dir` as the Pulumi CLI does for `--policy-pack <dir>`: a Node process of its own running
 * its SDK's cmd/run-policy-pack in the pack's folder (pulumi-language-nodejs RunPlugin), so ts-node
 * type-checks a TypeScript pack and @pulumi/pulumi's inspector hooks are on (the Debugger domain enabled,
 * which makes every thrown error dearer), and the engine reaches it over loopback gRPC. The process is
 * killed if the start fails, and when this process exits.
 */
export async function servedThroughCli(dir: string, options: ServeThroughCliOptions = {}): Promise<CliServedPack> {
    const entry = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), entry, "127.0.0.1:0", "."], {
        cwd: dir,
        env: { ...process.env, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    const killOnExit = () => child.kill();
    process.once("exit", killOnExit);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGTERM");
            await exited;
        }
        process.removeListener("exit", killOnExit);
    };
    let err = "";
    child.stderr.on("data", (d) => (err += String(d)));
    const timeoutMs = options.timeoutMs ?? 120_000;
    try {
        const port = await new Promise<string>((resolve, reject) => {
            let out = "";
            const timer = setTimeout(() => reject(new Error(`the pack in ${dir} printed no port within ${timeoutMs} ms:\n${out}\n${err}`)), timeoutMs);
            child.stdout.on("data", (d) => {
                out += String(d);
                const m = /^(\d+)\s*$/m.exec(out);
                if (m) {
                    clearTimeout(timer);
                    resolve(m[1]);
                }
            });
            void exited.then(() => {
                clearTimeout(timer);
                reject(new Error(`the pack in ${dir} exited (${child.exitCode ?? child.signalCode}) before serving:\n${out}\n${err}`));
            });
        });
        const portMs = elapsed();
        const pack = await LocalPolicyPack.connect(`127.0.0.1:${port}`);
        const readyMs = elapsed();
        return {
            pack,
            portMs,
            readyMs,
            cpuSeconds: () => procCpuSeconds(child.pid!),
            stop: async () => {
                pack.close();
                await stop();
            },
        };
    } catch (e) {
        await stop();
        throw e;
    }
}
