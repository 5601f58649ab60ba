/**
 * npm run bench: wall time and peak memory of the offline plan for the dev and prod stacks, against the
 * floor (a Node process that only loads @pulumi/pulumi and the @pulumi/aws modules the stack uses).
 * Target: the plan within 1.5x of the floor. Each figure is the median of --runs runs (default 5), after
 * one warm-up run that fills the transpile cache. Prints a table; exits 1 only with --strict and a miss.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";

const ROOT = path.resolve(__dirname, "..");
const TARGET_RATIO = 1.5;

interface Sample {
    wallMs: number;
    maxRssMiB: number;
}

function measure(args: string[]): Sample {
    const usageFile = path.join(os.tmpdir(), `bench-usage-${process.pid}-${Date.now()}.json`);
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ["-r", path.join(ROOT, "tools", "bench", "usage.js"), ...args], {
        cwd: ROOT,
        env: { ...process.env, BENCH_USAGE_FILE: usageFile },
        encoding: "utf8",
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (child.status !== 0 && child.status !== 1) {
        throw new Error(`${args.join(" ")} exited ${child.status}:\n${child.stderr}`);
    }
    const { maxRssKiB } = JSON.parse(fs.readFileSync(usageFile, "utf8"));
    fs.rmSync(usageFile, { force: true });
    return { wallMs, maxRssMiB: maxRssKiB / 1024 };
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

function summarise(samples: Sample[]): Sample {
    return { wallMs: median(samples.map((s) => s.wallMs)), maxRssMiB: median(samples.map((s) => s.maxRssMiB)) };
}

function main(): number {
    const { values } = parseArgs({
        args: process.argv.slice(2),
        options: { runs: { type: "string", default: "5" }, strict: { type: "boolean", default: false }, stacks: { type: "string", default: "dev,prod" } },
    });
    const runs = Math.max(1, Number(values.runs));
    const rows: string[] = [];
    let missed = false;
    console.log(`Offline plan vs floor, median of ${runs} runs (node ${process.versions.node}, ${os.cpus().length} CPUs)`);
    for (const stack of (values.stacks as string).split(",")) {
        const json = path.join(os.tmpdir(), `bench-plan-${stack}-${process.pid}.json`);
        const planArgs = ["-r", path.join(ROOT, "tools", "register.js"), path.join(ROOT, "tools", "plan.ts"), "--stack", stack, "--json", json];
        measure(planArgs); // warm-up: fills the transpile cache, as any second run would find it
        const types = [...new Set<string>(JSON.parse(fs.readFileSync(json, "utf8")).resources.map((r: { type: string }) => r.type))];
        const floorArgs = [path.join(ROOT, "tools", "bench", "floor.js"), ...types];
        measure(floorArgs);
        const plan: Sample[] = [];
        const floor: Sample[] = [];
        for (let i = 0; i < runs; i++) {
            // Interleaved, so background load affects both alike.
            plan.push(measure(planArgs));
            floor.push(measure(floorArgs));
        }
        const p = summarise(plan);
        const f = summarise(floor);
        const timeRatio = p.wallMs / f.wallMs;
        const memRatio = p.maxRssMiB / f.maxRssMiB;
        const ok = timeRatio <= TARGET_RATIO && memRatio <= TARGET_RATIO;
        missed ||= !ok;
        const resources = JSON.parse(fs.readFileSync(json, "utf8")).summary.resources;
        fs.rmSync(json, { force: true });
        rows.push(
            [
                stack.padEnd(6),
                String(resources).padStart(9),
                `${p.wallMs.toFixed(0)} ms`.padStart(10),
                `${f.wallMs.toFixed(0)} ms`.padStart(10),
                `${timeRatio.toFixed(2)}x`.padStart(7),
                `${p.maxRssMiB.toFixed(0)} MiB`.padStart(10),
                `${f.maxRssMiB.toFixed(0)} MiB`.padStart(10),
                `${memRatio.toFixed(2)}x`.padStart(7),
                ok ? `within ${TARGET_RATIO}x` : `OVER ${TARGET_RATIO}x`,
            ].join("  "),
        );
    }
    console.log(["stack ", "resources", "plan time", "floor time", "  ratio", "  plan mem", " floor mem", "  ratio", "target"].join("  "));
    for (const r of rows) console.log(r);

    // Scaling: the dev stack with 1, 10 and 20 retraining pipelines. Cost per added pipeline should stay
    // flat (linear growth): the last column compares the marginal cost of pipelines 11-20 with 2-10.
    console.log(`\nScaling with the number of pipelines (dev stack, median of ${runs} runs)`);
    console.log(["pipelines", "resources", "plan time", "  plan mem", "time/pipeline", "mem/pipeline"].join("  "));
    const points: Array<{ n: number; sample: Sample; resources: number }> = [];
    for (const n of [1, 10, 20]) {
        const pipelines = JSON.stringify(Array.from({ length: n }, (_, i) => ({ name: i === 0 ? "retrain" : `model-${i}` })));
        const json = path.join(os.tmpdir(), `bench-scale-${n}-${process.pid}.json`);
        const args = ["-r", path.join(ROOT, "tools", "register.js"), path.join(ROOT, "tools", "plan.ts"), "--stack", "dev", "--config", `pipelines=${pipelines}`, "--json", json];
        measure(args);
        const sample = summarise(Array.from({ length: runs }, () => measure(args)));
        const resources = JSON.parse(fs.readFileSync(json, "utf8")).summary.resources;
        fs.rmSync(json, { force: true });
        const prev = points[points.length - 1];
        const perPipeline = prev ? `${((sample.wallMs - prev.sample.wallMs) / (n - prev.n)).toFixed(0)} ms` : "";
        const memPerPipeline = prev ? `${((sample.maxRssMiB - prev.sample.maxRssMiB) / (n - prev.n)).toFixed(1)} MiB` : "";
        points.push({ n, sample, resources });
        console.log(
            [String(n).padStart(9), String(resources).padStart(9), `${sample.wallMs.toFixed(0)} ms`.padStart(9), `${sample.maxRssMiB.toFixed(0)} MiB`.padStart(10), perPipeline.padStart(13), memPerPipeline.padStart(12)].join("  "),
        );
    }
    const [p1, p10, p20] = points;
    const early = (p10.sample.wallMs - p1.sample.wallMs) / 9;
    const late = (p20.sample.wallMs - p10.sample.wallMs) / 10;
    console.log(`marginal time per pipeline, 11-20 vs 2-10: ${(late / early).toFixed(2)}x (1.00x = linear)`);

    // Policy pack throughput: every resource and stack policy over the prod stack and over synthetic
    // stacks of mixed types. Stack policies index resources once, so 10x the resources should take
    // about 10x the time (resources per second flat).
    console.log(`\nPolicy pack throughput (analysis only, median of ${runs} runs)`);
    console.log(["stack       ", "resources", "   seconds", "resources/s"].join("  "));
    const perSecond: number[] = [];
    for (const target of ["prod", "1000", "10000"]) {
        const samples = Array.from({ length: target === "10000" ? Math.min(runs, 3) : runs }, () => {
            const child = spawnSync(process.execPath, ["-r", path.join(ROOT, "tools", "register.js"), path.join(ROOT, "tools", "bench", "throughput.ts"), target], { cwd: ROOT, encoding: "utf8" });
            if (child.status !== 0) throw new Error(`throughput ${target} failed:\n${child.stderr}`);
            return JSON.parse(child.stdout.trim().split("\n").pop()!) as { resources: number; seconds: number; perSecond: number };
        });
        const m = samples.sort((a, b) => a.seconds - b.seconds)[Math.floor(samples.length / 2)];
        if (target !== "prod") perSecond.push(m.perSecond);
        console.log([(/^\d/.test(target) ? `synthetic` : `${target} stack`).padEnd(12), String(m.resources).padStart(9), m.seconds.toFixed(2).padStart(10), String(m.perSecond).padStart(11)].join("  "));
    }
    console.log(`throughput at 10,000 vs 1,000 resources: ${(perSecond[1] / perSecond[0]).toFixed(2)}x (1.00x = linear; below 1 means superlinear cost)`);
    return values.strict && missed ? 1 : 0;
}

process.exitCode = main();
