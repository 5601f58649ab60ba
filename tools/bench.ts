/**
 * npm run bench [-- --runs N] [--sections plan,scaling,throughput,cli] [--base <policy pack dir>] [--sdk-experiment]
 *                 [--sdk-build <dir>] [--strict]
 *
 * Prints every figure issue 14's targets need, each the median of interleaved runs, with CPU time next to
 * wall time (CPU time is far less disturbed by other work on the machine):
 * - plan: wall time, CPU time and peak memory of the offline plan for the dev and prod stacks, against the
 *   floor (a Node process that only loads @pulumi/pulumi and the @pulumi/aws modules the stack uses), with
 *   the program alone under plain Pulumi mocks between them, so the offline tool's own part is explicit, and
 *   the plan with a pack of no policies, which splits that part into what the plan costs around the
 *   policies (the engine's calls and their protobuf round trip, Check, cost, report) and the policies' work.
 *   Target: the plan within 1.5x of the floor. Then a small program's plan (test/fixtures/thirty-resources)
 *   against its budget: 3 s of CPU and 300 MiB.
 * - scaling: the plan's cost per added resource with more pipelines (1, 10, 50) and more Studio users (2,
 *   100, 500), from paired runs: each repetition runs every size back to back, and the linearity figure is
 *   the median over repetitions of (cost per added resource, large step) / (same, small step). 1.00x is linear.
 * - throughput: this pack, @pulumi/awsguard and an empty pack in the same harness (tools/bench/throughput.ts)
 *   over the same synthetic resources, each pack in the harness's process and then (Linux) in its own process
 *   started as the Pulumi CLI starts it: policy/resource pairs per second and their ratio (target >= 2x
 *   awsguard), resources per second on 10,000 (target >= 2,000), and the bytes of the Analyze answers for
 *   the prod stack with what they are made of (the policy names of the not-applicable entries are the floor
 *   the engine's semantics set; the SDK's reasons come with its type fast path). --base <dir> adds another
 *   copy of this pack (e.g. a worktree at an earlier commit) to the same interleaved runs, for an A/B ratio;
 *   --sdk-build <dir> adds this pack on a build of @pulumi/policy files made from a change proposed upstream
 *   (docs/upstream/), compiled in place of the installed ones in the pack's process (tools/bench/sdkBuild.js),
 *   in both tables; --sdk-experiment adds, in-process only, this pack on the bench's older stand-ins for such
 *   changes (tools/bench/sdkExperiment.ts: one decoded value shared by all policies without isolation, no
 *   reasons on the type fast path), which are not the proposal.
 * - cli: what the Pulumi CLI itself spends on TypeScript from this checkout, first run and later runs: the
 *   program's modules compiled by the ts-node its SDK picks, and the pack started through its entry.
 * Each section starts with one warm-up run that fills the transpile cache. Exits 1 only with --strict and a miss
 * (the plan's target, a small program's budget, or a pack target in either throughput table: the targets must
 * hold inside the CLI too).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import * as YAML from "yaml";
import type { AnswerBytes } from "./bench/throughput";

const ROOT = path.resolve(__dirname, "..");
const TARGET_RATIO = 1.5;
const REGISTER = path.join(ROOT, "tools", "register.js");
const PLAN = path.join(ROOT, "tools", "plan.ts");
/** A pack with no policies (tools/bench/emptyPack): what the plan costs around the policies. */
const EMPTY_PACK = path.join(ROOT, "tools", "bench", "emptyPack");

interface Sample {
    wallMs: number;
    cpuMs: number;
    maxRssMiB: number;
}

function measure(args: string[], extraEnv: Record<string, string> = {}): Sample & { stdout: string } {
    const usageFile = path.join(os.tmpdir(), `bench-usage-${process.pid}-${Date.now()}.json`);
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ["-r", path.join(ROOT, "tools", "bench", "usage.js"), ...args], {
        cwd: ROOT,
        env: { ...process.env, ...extraEnv, BENCH_USAGE_FILE: usageFile },
        encoding: "utf8",
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (child.status !== 0 && child.status !== 1) {
        throw new Error(`${args.join(" ")} exited ${child.status}:\n${child.stderr}`);
    }
    const { maxRssKiB, cpuMicros } = JSON.parse(fs.readFileSync(usageFile, "utf8"));
    fs.rmSync(usageFile, { force: true });
    return { wallMs, cpuMs: cpuMicros / 1000, maxRssMiB: maxRssKiB / 1024, stdout: child.stdout };
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

function summarise(samples: Sample[]): Sample {
    return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)), maxRssMiB: median(samples.map((s) => s.maxRssMiB)) };
}

const planArgs = (json: string, ...extra: string[]) => ["-r", REGISTER, PLAN, ...extra, "--json", json];

/**
 * The environment that hands a stack's config to a program as the language host does (PULUMI_CONFIG), read
 * from the same files and by the same code as the plan.
 */
function programAloneEnv(stack: string): { project: string; env: Record<string, string> } {
    const { readStackFiles } = require("./offline/runProgram") as typeof import("./offline/runProgram");
    const files = readStackFiles(path.join(ROOT, "index.ts"), stack);
    return { project: files.project, env: { PULUMI_CONFIG: JSON.stringify(files.config), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(files.secretKeys) } };
}

/**
 * Offline plan vs floor for each stack, with the program alone under plain Pulumi mocks between them, so the
 * table reads floor -> program alone -> plan and the offline tool's own part (plan - program alone) is
 * explicit. Returns whether every stack's plan is within the target.
 */
function planVsFloor(runs: number, stacks: string[]): boolean {
    let ok = true;
    console.log(`Offline plan vs floor, median of ${runs} interleaved runs (node ${process.versions.node}, ${os.cpus().length} CPUs)`);
    console.log(
        "floor: loads @pulumi/pulumi and the stack's @pulumi/aws modules (tools/bench/floor.js); program alone: the program under plain Pulumi mocks, no pack, no Check, no cost (tools/bench/programAlone.js); + deferred: the same with the modules the plan defers (tools/offline/deferredLoading.ts)",
    );
    console.log(["stack ", "run             ", "resources", "      wall", "       cpu", "       mem", "wall/floor", "cpu/floor", "mem/floor", "target"].join("  "));
    for (const stack of stacks) {
        const json = path.join(os.tmpdir(), `bench-plan-${stack}-${process.pid}.json`);
        const args = planArgs(json, "--stack", stack);
        measure(args); // warm-up: fills the transpile cache, as any second run would find it
        const plan = JSON.parse(fs.readFileSync(json, "utf8"));
        const types = [...new Set<string>(plan.resources.map((r: { type: string }) => r.type))];
        const floorArgs = [path.join(ROOT, "tools", "bench", "floor.js"), ...types];
        const alone = programAloneEnv(stack);
        const aloneArgs = ["-r", REGISTER, path.join(ROOT, "tools", "bench", "programAlone.js"), path.join(ROOT, "index.ts"), alone.project, stack];
        // The same, with the modules the plan defers deferred alike, so plan - program alone is the tool's own part.
        const deferredAloneArgs = ["-r", REGISTER, "-r", path.join(ROOT, "tools", "offline", "deferredLoading.ts"), ...aloneArgs.slice(2)];
        // The plan with a pack of no policies: every call the engine makes and its protobuf round trip, Check, cost
        // and report, without the policies' own work; it splits the tool's own part in two.
        const emptyJson = path.join(os.tmpdir(), `bench-plan-${stack}-empty-${process.pid}.json`);
        const emptyArgs = planArgs(emptyJson, "--stack", stack, "--policy-pack", EMPTY_PACK);
        measure(floorArgs);
        measure(emptyArgs);
        const aloneResources = Number(/^(\d+) resources/m.exec(measure(aloneArgs, alone.env).stdout)?.[1]);
        const planSamples: Sample[] = [];
        const floorSamples: Sample[] = [];
        const aloneSamples: Sample[] = [];
        const deferredAloneSamples: Sample[] = [];
        const emptySamples: Sample[] = [];
        for (let i = 0; i < runs; i++) {
            // Interleaved, so background load affects all alike.
            planSamples.push(measure(args));
            floorSamples.push(measure(floorArgs));
            aloneSamples.push(measure(aloneArgs, alone.env));
            deferredAloneSamples.push(measure(deferredAloneArgs, alone.env));
            emptySamples.push(measure(emptyArgs));
        }
        fs.rmSync(json, { force: true });
        fs.rmSync(emptyJson, { force: true });
        const p = summarise(planSamples);
        const f = summarise(floorSamples);
        const a = summarise(aloneSamples);
        const d = summarise(deferredAloneSamples);
        const e = summarise(emptySamples);
        const within = p.wallMs / f.wallMs <= TARGET_RATIO && p.maxRssMiB / f.maxRssMiB <= TARGET_RATIO;
        ok &&= within;
        const ms = (v: number) => `${v.toFixed(0)} ms`.padStart(10);
        const x = (v: number, w: number) => `${v.toFixed(2)}x`.padStart(w);
        const mib = (v: number) => `${v.toFixed(0)} MiB`.padStart(10);
        const row = (name: string, resources: string, s: Sample, target = "") =>
            console.log([stack.padEnd(6), name.padEnd(16), resources.padStart(9), ms(s.wallMs), ms(s.cpuMs), mib(s.maxRssMiB), x(s.wallMs / f.wallMs, 10), x(s.cpuMs / f.cpuMs, 9), x(s.maxRssMiB / f.maxRssMiB, 9), target].join("  ").trimEnd());
        row("floor", "", f);
        row("program alone", String(aloneResources), a);
        row("  + deferred", String(aloneResources), d);
        row("plan, 0 policies", String(plan.summary.resources), e);
        row("plan", String(plan.summary.resources), p, within ? `within ${TARGET_RATIO}x` : `OVER ${TARGET_RATIO}x`);
        const share = (key: "wallMs" | "cpuMs") => `${(p[key] - d[key]).toFixed(0)} ms ${key === "wallMs" ? "wall" : "CPU"} (${(((p[key] - d[key]) / p[key]) * 100).toFixed(0)}% of the plan)`;
        console.log(
            `${stack.padEnd(6)}  offline tool's own part (plan - program alone with the plan's deferred loading): ${share("wallMs")}, ${share("cpuMs")}; the plan also checks ${plan.summary.resources - aloneResources} resources the program does not register (remote components' children)`,
        );
        const part = (from: Sample, to: Sample) => `${(to.wallMs - from.wallMs).toFixed(0)} ms wall, ${(to.cpuMs - from.cpuMs).toFixed(0)} ms CPU`;
        console.log(`${stack.padEnd(6)}  of which the engine's calls, their round trip, Check, cost and report (plan with 0 policies - program alone + deferred): ${part(d, e)}; the pack's policies (plan - plan with 0 policies): ${part(e, p)}`);
    }
    return ok;
}

/** The budget of a small program's plan (was a timed test; speed and memory targets live here, not in tests). */
const SMALL_PROGRAM_BUDGET = { cpuMs: 3000, maxRssMiB: 300 };

/**
 * A small program's plan against a fixed budget: what the offline tool costs for a program a user brings with
 * --program (test/fixtures/thirty-resources). Returns whether it is within the budget.
 */
function smallProgramBudget(runs: number): boolean {
    const json = path.join(os.tmpdir(), `bench-small-program-${process.pid}.json`);
    const args = planArgs(json, "--stack", "test", "--program", path.join(ROOT, "test", "fixtures", "thirty-resources", "index.ts"));
    measure(args); // warm-up
    const s = summarise(Array.from({ length: runs }, () => measure(args)));
    const resources = JSON.parse(fs.readFileSync(json, "utf8")).summary.resources as number;
    fs.rmSync(json, { force: true });
    const within = s.cpuMs <= SMALL_PROGRAM_BUDGET.cpuMs && s.maxRssMiB <= SMALL_PROGRAM_BUDGET.maxRssMiB;
    console.log(
        `\nA small program's plan (test/fixtures/thirty-resources, ${resources} resources, median of ${runs}): ${s.wallMs.toFixed(0)} ms wall, ${s.cpuMs.toFixed(0)} ms CPU, ${s.maxRssMiB.toFixed(0)} MiB; budget ${SMALL_PROGRAM_BUDGET.cpuMs / 1000} s of CPU and ${SMALL_PROGRAM_BUDGET.maxRssMiB} MiB: ${within ? "within" : "OVER"}`,
    );
    return within;
}

/** Runs the plan at each size, back to back in every repetition, and reports the cost per added resource. */
function scaling(title: string, runs: number, sizes: number[], configFor: (n: number) => string): void {
    const jsons = sizes.map((n) => path.join(os.tmpdir(), `bench-scale-${n}-${process.pid}.json`));
    const argsFor = sizes.map((n, i) => planArgs(jsons[i], "--stack", "dev", "--config", configFor(n)));
    argsFor.forEach((a) => measure(a)); // warm-up
    const resources = jsons.map((j) => JSON.parse(fs.readFileSync(j, "utf8")).summary.resources as number);
    jsons.forEach((j) => fs.rmSync(j, { force: true }));
    const reps: Sample[][] = [];
    for (let r = 0; r < runs; r++) reps.push(argsFor.map((a) => measure(a)));
    console.log(`\n${title} (dev stack, ${runs} paired repetitions; cost per added resource from each repetition's own runs)`);
    console.log(["     size", "resources", " plan wall", "  plan cpu", "  plan mem", "wall/added res", " cpu/added res"].join("  "));
    const perAdded = (key: "wallMs" | "cpuMs", rep: Sample[], i: number) => (rep[i][key] - rep[i - 1][key]) / (resources[i] - resources[i - 1]);
    sizes.forEach((n, i) => {
        const s = summarise(reps.map((rep) => rep[i]));
        const wall = i ? `${median(reps.map((rep) => perAdded("wallMs", rep, i))).toFixed(2)} ms` : "";
        const cpu = i ? `${median(reps.map((rep) => perAdded("cpuMs", rep, i))).toFixed(2)} ms` : "";
        console.log([String(n).padStart(9), String(resources[i]).padStart(9), `${s.wallMs.toFixed(0)} ms`.padStart(10), `${s.cpuMs.toFixed(0)} ms`.padStart(10), `${s.maxRssMiB.toFixed(0)} MiB`.padStart(10), wall.padStart(14), cpu.padStart(14)].join("  "));
    });
    const last = sizes.length - 1;
    for (const key of ["wallMs", "cpuMs"] as const) {
        const ratio = median(reps.map((rep) => perAdded(key, rep, last) / perAdded(key, rep, 1)));
        console.log(`cost per added resource, ${sizes[last - 1]}->${sizes[last]} vs ${sizes[0]}->${sizes[1]}, ${key === "wallMs" ? "wall" : "CPU "}: ${ratio.toFixed(2)}x (median of paired ratios; 1.00x = linear)`);
    }
}

interface Throughput {
    pack: string;
    resources: number;
    policies: number;
    pairs: number;
    seconds: number;
    cpuSeconds: number;
    responseBytes: number;
    /** With --split: what the answers' bytes are made of (tools/bench/throughput.ts, answerBytes). */
    bytes?: AnswerBytes;
}

/** Rows of this pack on a changed @pulumi/policy (bench only): the older stand-ins, and a build of a proposed change. */
const SDK_EXPERIMENT = "ours+sdk";
const SDK_BUILD = "ours+build";

/** How to serve each row that is not a pack's name or directory (set by main from --sdk-build). */
const rowArgs = new Map<string, string[]>([[SDK_EXPERIMENT, ["--pack", "ours", "--sdk-experiment", "decode-once,no-reasons"]]]);

function throughputRun(pack: string, target: string, extra: string[] = []): Throughput {
    const args = rowArgs.get(pack) ?? ["--pack", pack];
    const child = spawnSync(process.execPath, ["-r", REGISTER, path.join(ROOT, "tools", "bench", "throughput.ts"), target, ...args, ...extra], { cwd: ROOT, encoding: "utf8" });
    if (child.status !== 0) throw new Error(`throughput ${target} ${args.join(" ")} failed:\n${child.stderr}`);
    return JSON.parse(child.stdout.trim().split("\n").pop()!) as Throughput;
}

/** The prod stack's Analyze answers against the 2.40 MB, and what they are made of. */
function answerBytes(pack: string): void {
    const before = 2_400_000;
    const pct = (n: number) => `${((n / before) * 100).toFixed(1)}%`;
    const prod = throughputRun(pack, "prod", ["--split"]);
    const b = prod.bytes!;
    console.log(`  prod stack (${pack}): Analyze answers ${b.total} bytes for ${prod.resources} resources, ${pct(b.total)} of the 2.40 MB of issue 14 (target <= 10%)`);
    console.log(
        `    not-applicable entries ${b.notApplicable}: policy names ${b.names} (${pct(b.names)}, the floor: the engine counts a policy left out as passed, summary.go), SDK reasons ${b.sdkReasons}, the pack's reasons ${b.ownReasons}; diagnostics ${b.diagnostics}`,
    );
}

/** The optional rows of the throughput tables (main's --base, --sdk-experiment, --sdk-build). */
interface ThroughputRows {
    base?: string;
    sdkExperiment: boolean;
    sdkBuild?: string;
}

/**
 * This pack, awsguard, an empty pack (and optionally a base copy of this pack, and this pack on a changed
 * SDK) over the same resources, interleaved, reached two ways: "in-process", the offline plan's way (the pack
 * in the harness's process, gRPC's encoding without the connection; CPU of the whole process), and "cli", the
 * Pulumi CLI's way (each pack in a process of its own started through its SDK's cmd/run-policy-pack, whose
 * inspector hooks make every thrown error dearer, reached over loopback gRPC; CPU of the pack's process).
 * The stand-ins of --sdk-experiment work in-process only; an --sdk-build is loaded in the pack's process either way.
 */
function throughput(runs: number, rows: ThroughputRows): boolean {
    const { base, sdkExperiment } = rows;
    if (rows.sdkBuild) rowArgs.set(SDK_BUILD, ["--pack", "ours", "--sdk-build", path.resolve(rows.sdkBuild)]);
    let ok = throughputTable(runs, "in-process", rows);
    const { canReadProcessCpu } = require("./offline/pulumiCli") as typeof import("./offline/pulumiCli");
    if (canReadProcessCpu()) ok = throughputTable(runs, "cli", { ...rows, sdkExperiment: false }) && ok;
    else console.log("\n(The same with each pack in its own process needs /proc to read that process's CPU time: Linux only. Skipped.)");
    answerBytes("ours");
    if (base) console.log(`  prod stack, base pack: ${throughputRun(base, "prod").responseBytes} bytes`);
    if (sdkExperiment) answerBytes(SDK_EXPERIMENT);
    return ok;
}

/** One table of throughput: every pack at 1,000 and 10,000 resources, one way of reaching the packs. */
function throughputTable(runs: number, transport: "in-process" | "cli", { base, sdkExperiment, sdkBuild }: ThroughputRows): boolean {
    const packs = ["ours", "awsguard", "empty", ...(base ? [base] : []), ...(sdkExperiment ? [SDK_EXPERIMENT] : []), ...(sdkBuild ? [SDK_BUILD] : [])];
    const label = (p: string) => (p === base ? "base" : p);
    const how =
        transport === "cli"
            ? "each pack in its own process, started as the Pulumi CLI starts it (cmd/run-policy-pack); CPU of the pack's process"
            : "each pack in the harness's process, as the offline plan runs it; CPU of that process";
    console.log(`\nPolicy pack throughput, same harness and resources for every pack, ${how} (analysis only, median of interleaved runs; rates per CPU second, wall in brackets)`);
    console.log(["resources", "pack    ", "policies", "  cpu s", "resources/s", "    pairs/s", "µs/pair over empty", "answer bytes"].join("  "));
    const extra = ["--transport", transport];
    let ok = true;
    for (const target of ["1000", "10000"]) {
        const n = target === "10000" ? Math.min(runs, 3) : runs;
        throughputRun("ours", target, extra); // warm-up
        const samples = new Map<string, Throughput[]>(packs.map((p) => [p, []]));
        for (let i = 0; i < n; i++) for (const p of packs) samples.get(p)!.push(throughputRun(p, target, extra));
        const med = (p: string) => {
            const s = samples.get(p)!;
            return { ...s[0], cpuSeconds: median(s.map((x) => x.cpuSeconds)), seconds: median(s.map((x) => x.seconds)) };
        };
        const empty = med("empty");
        const rows = new Map(packs.map((p) => [p, med(p)]));
        for (const [p, m] of rows) {
            const overEmpty = m.pairs ? `${(((m.cpuSeconds - empty.cpuSeconds) / m.pairs) * 1e6).toFixed(1)}` : "";
            console.log(
                [
                    String(m.resources).padStart(9),
                    label(p).padEnd(8),
                    String(m.policies).padStart(8),
                    m.cpuSeconds.toFixed(2).padStart(7),
                    `${Math.round(m.resources / m.cpuSeconds)} (${Math.round(m.resources / m.seconds)})`.padStart(11),
                    `${Math.round(m.pairs / m.cpuSeconds)}`.padStart(11),
                    overEmpty.padStart(18),
                    String(m.responseBytes).padStart(12),
                ].join("  "),
            );
        }
        const ours = rows.get("ours")!;
        const guard = rows.get("awsguard")!;
        const ratio = ours.pairs / ours.cpuSeconds / (guard.pairs / guard.cpuSeconds);
        ok &&= ratio >= 2;
        console.log(`  ${target} resources, ${transport}: ours/awsguard pairs per CPU second ${ratio.toFixed(2)}x (target >= 2x; a pair is one policy over one resource)`);
        if (base) console.log(`  ${target} resources, ${transport}: ours/base CPU seconds ${(ours.cpuSeconds / rows.get(base)!.cpuSeconds).toFixed(2)}x (median of ${n} interleaved runs each)`);
        for (const [row, on] of [
            [SDK_EXPERIMENT, "on the SDK stand-ins (--sdk-experiment)"],
            [SDK_BUILD, `on the SDK build in ${sdkBuild}`],
        ]) {
            const changed = rows.get(row);
            if (!changed) continue;
            const changedRatio = changed.pairs / changed.cpuSeconds / (guard.pairs / guard.cpuSeconds);
            console.log(
                `  ${target} resources, ${transport}: ${on}, ours/awsguard pairs per CPU second ${changedRatio.toFixed(2)}x, ${Math.round(changed.resources / changed.cpuSeconds)} resources per CPU second, CPU ${(changed.cpuSeconds / ours.cpuSeconds).toFixed(2)}x the installed SDK's (bench only, not the pack as shipped)`,
            );
        }
        if (target === "10000") {
            ok &&= ours.resources / ours.cpuSeconds >= 2000;
            console.log(`  10000 resources, ${transport}: ours ${Math.round(ours.resources / ours.cpuSeconds)} resources per CPU second, ${Math.round(ours.resources / ours.seconds)} per wall second (target >= 2,000)`);
        }
    }
    return ok;
}

/**
 * Two copies of the pack under .bench/ (so they find this checkout's packages): its sources alone, served as
 * in this repository (main.js falls back to index.ts), and its sources built as before `pulumi policy publish`
 * (`npm run build`: build.js), served from bin/. A developer's own build in policy-pack/bin plays no part.
 */
function packCopies(): { typescript: string; compiled: string; build: Sample } {
    const { copyPackSources } = require("../test/support/publishedPack") as typeof import("../test/support/publishedPack");
    const copy = (name: string) => {
        const dir = path.join(ROOT, ".bench", name);
        fs.rmSync(dir, { recursive: true, force: true });
        copyPackSources(path.join(ROOT, "policy-pack"), dir);
        return dir;
    };
    const typescript = copy("pack-typescript");
    const compiled = copy("pack-compiled");
    const build = measure([path.join(compiled, "build.js")]);
    if (!fs.existsSync(path.join(compiled, "bin", "index.js"))) throw new Error(`the pack's build failed (run node ${path.join(compiled, "build.js")} to see why)`);
    return { typescript, compiled, build };
}

/**
 * What the Pulumi CLI itself spends on TypeScript before the program or the pack does anything, from this
 * checkout: the program's own modules compiled by the ts-node its SDK picks, as cmd/run does
 * (tools/bench/cliCompile.ts), and the pack started through cmd/run-policy-pack until it answers
 * GetAnalyzerInfo (tools/bench/cliStart.ts), as this repository serves it (its TypeScript) and as it is
 * published (compiled). The first run has empty ts-node and Node compile caches (a new machine, a CI runner,
 * a member's first run of a new version, or the first run after a change); later runs find what the first compiled.
 */
function cliTypeScriptWork(runs: number): void {
    const { cliTypeScript } = require("./offline/pulumiCli") as typeof import("./offline/pulumiCli");
    const tsnode = path.relative(ROOT, cliTypeScript(ROOT).tsnodeRequire);
    const copies = packCopies();
    const compileArgs = ["-r", REGISTER, path.join(ROOT, "tools", "bench", "cliCompile.ts"), ROOT];
    const startArgs = (pack: string) => ["-r", REGISTER, path.join(ROOT, "tools", "bench", "cliStart.ts"), pack];
    const rows = {
        compile: { first: [] as Sample[], later: [] as Sample[] },
        typescript: { first: [] as Sample[], later: [] as Sample[] },
        compiled: { first: [] as Sample[], later: [] as Sample[] },
    };
    let files = 0;
    for (let i = 0; i < runs; i++) {
        for (const row of ["compile", "typescript", "compiled"] as const) {
            // Each row starts from empty caches of its own: ts-node's, and Node's compile cache, which the pack's
            // entry turns on in the system's temporary folder (TMPDIR), as on a member's machine.
            const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cli-"));
            const env = { TS_NODE_CACHE_DIRECTORY: path.join(tmp, "ts-node"), TMPDIR: tmp };
            for (const when of ["first", "later"] as const) {
                if (row === "compile") {
                    const compiled = measure(compileArgs, env);
                    files = JSON.parse(compiled.stdout.trim()).files;
                    rows.compile[when].push(compiled);
                } else {
                    // The pack's own process: its time to be ready, and its CPU (cliStart reads it from the pack's process).
                    const started = JSON.parse(measure(startArgs(copies[row]), env).stdout.trim().split("\n").pop()!);
                    rows[row][when].push({ wallMs: started.readyMs, cpuMs: started.cpuMs, maxRssMiB: 0 });
                }
            }
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    }
    for (const copy of [copies.typescript, copies.compiled]) fs.rmSync(copy, { recursive: true, force: true });
    const cell = (samples: Sample[]) => {
        const s = summarise(samples);
        return `${s.wallMs.toFixed(0)} ms wall, ${(s.cpuMs / 1000).toFixed(1)} s CPU`.padStart(26);
    };
    console.log(`\nThe Pulumi CLI's own TypeScript work, from this checkout (ts-node: ${tsnode}; median of ${runs}; first run: empty ts-node and Node compile caches)`);
    console.log(["what".padEnd(62), "first run".padStart(26), "later runs".padStart(26)].join("  "));
    console.log([`program: index.ts and ${files - 1} modules compiled as cmd/run does`.padEnd(62), cell(rows.compile.first), cell(rows.compile.later)].join("  "));
    console.log(["pack, as in this repository: cmd/run-policy-pack until ready".padEnd(62), cell(rows.typescript.first), cell(rows.typescript.later)].join("  "));
    console.log(["pack, as published (compiled): the same".padEnd(62), cell(rows.compiled.first), cell(rows.compiled.later)].join("  "));
    console.log(`(the pack's build, once per release before publishing: npm run build, build.js: ${cell([copies.build]).trim()})`);
}

function main(): number {
    const { values } = parseArgs({
        args: process.argv.slice(2),
        options: {
            runs: { type: "string", default: "5" },
            strict: { type: "boolean", default: false },
            stacks: { type: "string", default: "dev,prod" },
            sections: { type: "string", default: "plan,scaling,throughput,cli" },
            base: { type: "string" },
            "sdk-experiment": { type: "boolean", default: false },
            "sdk-build": { type: "string" },
        },
    });
    const runs = Math.max(1, Number(values.runs));
    const sections = new Set((values.sections as string).split(","));
    let ok = true;
    if (sections.has("plan")) {
        ok = planVsFloor(runs, (values.stacks as string).split(",")) && ok;
        ok = smallProgramBudget(runs) && ok;
    }
    if (sections.has("scaling")) {
        const pipelines = (n: number) => `pipelines=${JSON.stringify(Array.from({ length: n }, (_, i) => ({ name: i === 0 ? "retrain" : `model-${i}` })))}`;
        scaling("Scaling with the number of pipelines", Math.min(runs, 3), [1, 10, 50], pipelines);
        const studio = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")).config["mlplatform:studio"];
        const users = (n: number) => `studio=${JSON.stringify({ ...studio, users: Array.from({ length: n }, (_, i) => ({ name: `user-${i}`, persona: i % 2 ? "ml-engineer" : "data-scientist" })) })}`;
        scaling("Scaling with the number of Studio users", Math.min(runs, 3), [2, 100, 500], users);
    }
    if (sections.has("throughput")) {
        ok = throughput(runs, { base: values.base as string | undefined, sdkExperiment: values["sdk-experiment"] as boolean, sdkBuild: values["sdk-build"] as string | undefined }) && ok;
    }
    if (sections.has("cli")) cliTypeScriptWork(Math.min(runs, 3));
    return values.strict && !ok ? 1 : 0;
}

process.exitCode = main();
