import { strict as assert } from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import { EventEmitter } from "events";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const Mocha = require("mocha");
const FileTimingReporter = require("./fileTimingReporter");
const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_RUN_END, EVENT_TEST_BEGIN, EVENT_TEST_END, EVENT_TEST_PASS } = Mocha.Runner.constants;

/** A file's top-level suite and one test in it, shaped as mocha's runner hands them to a reporter. */
function fileSuite(file: string, title: string) {
    const root = { root: true };
    const suite = { file, parent: root, root: false };
    const test = { file, parent: suite, fullTitle: () => `${path.basename(file)} ${title}` };
    return { suite, test };
}

/** Busy for `ms` of this process's CPU time (not wall time: on a loaded machine the two differ). */
function spinCpu(ms: number): void {
    const cpu = () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
    };
    const until = cpu() + ms;
    while (cpu() < until);
}

/**
 * Runs the reporter over three files: the first burns CPU in this process, the second in a child it waits
 * for, the third starts a child and leaves it running, and that child exits before the run ends. Returns
 * what the reporter printed, its JSON and the third file's child.
 */
async function report(): Promise<{ printed: string; rows: any; lingering: ChildProcess }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "file-timing-"));
    const json = path.join(dir, "rows.json");
    const runner = new EventEmitter();
    const printed: string[] = [];
    const log = console.log;
    const saved = { json: process.env.FILE_TIMING_JSON, tests: process.env.FILE_TIMING_TESTS };
    process.env.FILE_TIMING_JSON = json;
    process.env.FILE_TIMING_TESTS = "5";
    console.log = (...a: unknown[]) => void printed.push(a.join(" "));
    try {
        new FileTimingReporter(runner);
        const busy = fileSuite(path.join(process.cwd(), "test", "busy.test.ts"), "spins");
        runner.emit(EVENT_SUITE_BEGIN, busy.suite);
        runner.emit(EVENT_TEST_BEGIN, busy.test);
        spinCpu(60);
        runner.emit(EVENT_TEST_END, busy.test);
        runner.emit(EVENT_TEST_PASS, busy.test);
        runner.emit(EVENT_SUITE_END, busy.suite);
        const child = fileSuite(path.join(process.cwd(), "test", "child.test.ts"), "spawns");
        runner.emit(EVENT_SUITE_BEGIN, child.suite);
        runner.emit(EVENT_TEST_BEGIN, child.test);
        const spawned = spawnSync(process.execPath, ["-e", `(${spinCpu})(150)`]);
        assert.equal(spawned.status, 0);
        runner.emit(EVENT_TEST_END, child.test);
        runner.emit(EVENT_TEST_PASS, child.test);
        runner.emit(EVENT_SUITE_END, child.suite);
        const server = fileSuite(path.join(process.cwd(), "test", "server.test.ts"), "serves");
        runner.emit(EVENT_SUITE_BEGIN, server.suite);
        const lingering = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
        runner.emit(EVENT_SUITE_END, server.suite);
        const exited = new Promise((resolve) => lingering.once("exit", resolve));
        lingering.kill();
        await exited;
        runner.emit(EVENT_RUN_END);
        return { printed: printed.join("\n"), rows: JSON.parse(fs.readFileSync(json, "utf8")), lingering };
    } finally {
        console.log = log;
        for (const [key, value] of [["FILE_TIMING_JSON", saved.json], ["FILE_TIMING_TESTS", saved.tests]] as const) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("test support: the per-file timing reporter (measuring the suite)", () => {
    let reported: Awaited<ReturnType<typeof report>>;
    before(async () => (reported = await report()));

    it("charges each file its own CPU and that of the children it waited for, and counts the passes", () => {
        const { printed, rows } = reported;
        const byFile = new Map(rows.files.map((r: any) => [r.file, r]));
        const busy: any = byFile.get(path.join("test", "busy.test.ts"));
        const child: any = byFile.get(path.join("test", "child.test.ts"));
        assert.ok(busy && child, JSON.stringify(rows.files));
        assert.ok(busy.ownMs >= 40, `busy file's own CPU ${busy.ownMs} ms`);
        assert.equal(busy.childMs, 0);
        // /proc/self/stat counts in 10 ms ticks; the child spun 150 ms of CPU (Linux only: elsewhere children read 0).
        if (process.platform === "linux") assert.ok(child.childMs >= 100, `child CPU ${child.childMs} ms`);
        assert.deepEqual(rows.tests.map((t: any) => t.title).sort(), ["busy.test.ts spins", "child.test.ts spawns"]);
        assert.match(printed, /passing 2 failing 0 pending 0/);
        assert.match(printed, /test\/busy\.test\.ts: busy\.test\.ts spins/);
    });

    it("names a file that left a child unreaped, whose CPU will be charged to another file", function () {
        if (process.platform !== "linux") this.skip(); // read from /proc
        const { printed, rows, lingering } = reported;
        const byFile = new Map(rows.files.map((r: any) => [r.file, r]));
        const server: any = byFile.get(path.join("test", "server.test.ts"));
        assert.deepEqual(server.childrenChargedElsewhere, [lingering.pid], JSON.stringify(server));
        for (const file of ["busy.test.ts", "child.test.ts"]) assert.deepEqual((byFile.get(path.join("test", file)) as any).childrenChargedElsewhere, [], file);
        assert.match(printed, new RegExp(`^test/server\\.test\\.ts left child processes ${lingering.pid} running`, "m"));
        assert.doesNotMatch(printed, /^test\/(busy|child)\.test\.ts left child processes/m);
    });
});
