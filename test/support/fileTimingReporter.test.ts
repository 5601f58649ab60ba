import { strict as assert } from "assert";
import { spawnSync } from "child_process";
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

/** Runs the reporter over two files (the first burns CPU in this process, the second in a child) and returns its JSON. */
function report(): { printed: string; rows: any } {
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
        runner.emit(EVENT_RUN_END);
        return { printed: printed.join("\n"), rows: JSON.parse(fs.readFileSync(json, "utf8")) };
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
    it("charges each file its own CPU and that of the children it waited for, and counts the passes", () => {
        const { printed, rows } = report();
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
});
