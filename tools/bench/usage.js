// Preloaded into measured processes: on exit, writes the process's peak memory (max RSS, KiB) and CPU time
// (user + system, µs) to the file named by BENCH_USAGE_FILE, so the benchmark reads each child's own figures
// rather than guessing (CPU time is far less disturbed than wall time by other work on the machine).
"use strict";
const fs = require("fs");
const out = process.env.BENCH_USAGE_FILE;
if (out) {
    // A server the benchmark stops (tools/bench/cliStart.ts) exits through here too, instead of dying at once.
    process.once("SIGTERM", () => process.exit(143));
    process.on("exit", () => {
        const usage = process.resourceUsage();
        fs.writeFileSync(out, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }));
    });
}
