// Preloaded (-r) into a pack's process by test/policy-pack/main.test.ts: when the process is told to stop
// (SIGTERM, as servedThroughCli's stop does), it writes the files of every module it loaded to the file named
// by LOADED_MODULES_FILE, then exits.
"use strict";
const fs = require("node:fs");
process.prependListener("SIGTERM", () => {
    fs.writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify(Object.keys(require.cache)));
    process.exit(0);
});
