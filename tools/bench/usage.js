// Preloaded into measured processes: on exit, writes the process's peak memory (max RSS, KiB) to the
// file named by BENCH_USAGE_FILE, so the benchmark reads each child's own peak rather than guessing.
"use strict";
const fs = require("fs");
const out = process.env.BENCH_USAGE_FILE;
if (out) {
    process.on("exit", () => fs.writeFileSync(out, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })));
}
