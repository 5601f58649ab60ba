// A mocha reporter for measuring the suite, not for `npm test`: per test file, its wall time and its CPU time
// (this process's user+sys plus that of the child processes it started and waited for, read from
// /proc/self/stat's cutime/cstime), slowest first, then the totals. Use:
//   npx mocha --config test/mocha/rest.mocharc.js --reporter ./test/support/fileTimingReporter.js
// Set FILE_TIMING_JSON=path to also write the rows as JSON. A file's time is that of its top-level suites, so
// the load of its modules (before any test runs) is not counted in any file, only in the process's total. A
// file that left child processes running, reaped later in the run, is named after the table: their CPU is
// counted only once they are reaped, so in another file's row (a test should wait for the exit of what it stops).
"use strict";
const fs = require("node:fs");
const Mocha = require("mocha");

const {
    EVENT_SUITE_BEGIN,
    EVENT_SUITE_END,
    EVENT_RUN_END,
    EVENT_TEST_BEGIN,
    EVENT_TEST_END,
    EVENT_HOOK_BEGIN,
    EVENT_HOOK_END,
    EVENT_TEST_PASS,
    EVENT_TEST_FAIL,
    EVENT_TEST_PENDING,
} = Mocha.Runner.constants;

/** Children's CPU in ms (Linux only; 0 elsewhere): fields 16-17 of /proc/self/stat, in clock ticks of 10 ms. */
function reapedChildrenCpuMs() {
    try {
        const stat = fs.readFileSync("/proc/self/stat", "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[13]) + Number(fields[14])) * 10;
    } catch {
        return 0;
    }
}

/**
 * The process ids of this process's children not yet reaped, running or exited (Linux only; none elsewhere):
 * a child's CPU is counted in cutime/cstime only once it is reaped.
 */
function unreapedChildren() {
    try {
        return fs
            .readdirSync("/proc/self/task")
            .flatMap((thread) => fs.readFileSync(`/proc/self/task/${thread}/children`, "utf8").split(" "))
            .filter((pid) => pid.trim() !== "")
            .map(Number);
    } catch {
        return [];
    }
}

function cpuNow() {
    const own = process.cpuUsage();
    return { ownMs: (own.user + own.system) / 1000, childMs: reapedChildrenCpuMs(), wallMs: performance.now() };
}

/** A file's start: its CPU, and the children that were already there (e.g. esbuild's service). */
function fileStart() {
    return { ...cpuNow(), children: unreapedChildren() };
}

class FileTimingReporter {
    constructor(runner) {
        const perFile = new Map();
        const starts = new Map();
        let passes = 0;
        let failures = 0;
        let pending = 0;
        const processStart = { ...cpuNow(), wallMs: 0 };
        runner.on(EVENT_SUITE_BEGIN, (suite) => {
            if (suite.file && suite.parent && suite.parent.root) starts.set(suite, fileStart());
        });
        runner.on(EVENT_SUITE_END, (suite) => {
            const start = starts.get(suite);
            if (!start) return;
            const end = cpuNow();
            const row = perFile.get(suite.file) ?? { wallMs: 0, ownMs: 0, childMs: 0 };
            row.wallMs += end.wallMs - start.wallMs;
            row.ownMs += end.ownMs - start.ownMs;
            row.childMs += end.childMs - start.childMs;
            // Children the file started and left unreaped: if they are reaped before the run ends, their CPU
            // is charged to another file.
            const left = unreapedChildren().filter((pid) => !start.children.includes(pid));
            row.childrenLeft = [...new Set([...(row.childrenLeft ?? []), ...left])];
            perFile.set(suite.file, row);
        });
        // Per test and per hook (FILE_TIMING_TESTS=n prints the n costliest).
        const perRunnable = [];
        const runnableStarts = new Map();
        const begin = (runnable) => runnableStarts.set(runnable, cpuNow());
        const end = (runnable) => {
            const start = runnableStarts.get(runnable);
            if (!start) return;
            const now = cpuNow();
            const file = (runnable.file ?? runnable.parent?.file ?? "").replace(process.cwd() + "/", "");
            perRunnable.push({ title: runnable.fullTitle(), file, wallMs: now.wallMs - start.wallMs, ownMs: now.ownMs - start.ownMs, childMs: now.childMs - start.childMs });
        };
        runner.on(EVENT_TEST_BEGIN, begin);
        runner.on(EVENT_TEST_END, end);
        runner.on(EVENT_HOOK_BEGIN, begin);
        runner.on(EVENT_HOOK_END, end);
        runner.on(EVENT_TEST_PASS, () => passes++);
        runner.on(EVENT_TEST_PENDING, () => pending++);
        runner.on(EVENT_TEST_FAIL, (test, error) => {
            failures++;
            console.log("FAIL", test.fullTitle(), String(error && error.message).slice(0, 300));
        });
        runner.once(EVENT_RUN_END, () => {
            const unreapedAtEnd = unreapedChildren();
            for (const row of perFile.values()) row.childrenChargedElsewhere = row.childrenLeft.filter((pid) => !unreapedAtEnd.includes(pid));
            const rows = [...perFile.entries()]
                .map(([file, row]) => ({ file: file.replace(process.cwd() + "/", ""), ...row }))
                .sort((a, b) => b.ownMs + b.childMs - (a.ownMs + a.childMs));
            const s = (ms) => (ms / 1000).toFixed(2).padStart(7);
            console.log(`${"wall".padStart(7)} ${"cpu".padStart(7)} ${"child".padStart(7)}  file`);
            for (const row of rows) console.log(`${s(row.wallMs)} ${s(row.ownMs)} ${s(row.childMs)}  ${row.file}`);
            for (const row of rows.filter((r) => r.childrenChargedElsewhere.length > 0)) {
                console.log(`${row.file} left child processes ${row.childrenChargedElsewhere.join(", ")} running: their CPU is in the row of the file during which they were reaped`);
            }
            const topTests = Number(process.env.FILE_TIMING_TESTS ?? 0);
            if (topTests > 0) {
                console.log(`${"wall".padStart(7)} ${"cpu".padStart(7)} ${"child".padStart(7)}  test or hook`);
                const costliest = [...perRunnable].sort((a, b) => b.ownMs + b.childMs - (a.ownMs + a.childMs)).slice(0, topTests);
                for (const row of costliest) console.log(`${s(row.wallMs)} ${s(row.ownMs)} ${s(row.childMs)}  ${row.file}: ${row.title.slice(0, 140)}`);
            }
            const end = cpuNow();
            const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
            console.log(
                `files: wall ${s(sum("wallMs"))} cpu ${s(sum("ownMs"))} child ${s(sum("childMs"))}; ` +
                    `process: wall ${s(end.wallMs)} cpu ${s(end.ownMs)} child ${s(end.childMs - processStart.childMs)}; ` +
                    `passing ${passes} failing ${failures} pending ${pending}`,
            );
            if (process.env.FILE_TIMING_JSON) fs.writeFileSync(process.env.FILE_TIMING_JSON, JSON.stringify({ files: rows, tests: perRunnable }, null, 1));
        });
    }
}

module.exports = FileTimingReporter;
