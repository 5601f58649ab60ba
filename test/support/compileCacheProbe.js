// Preloaded (after tools/register.js) by test/policy-pack/main.test.ts into a process that then runs
// the pack's entry: stands in for module.enableCompileCache, prints which modules were loaded when it was
// called, and ends the process there, before the pack would start serving. If nothing calls it, the pack
// starts, and after 20 s the process says so and ends.
"use strict";
const Module = require("module");
const loadedAtStart = new Set(Object.keys(require.cache));
const report = (called) => {
    const loadedBefore = Object.keys(require.cache).filter((file) => !loadedAtStart.has(file));
    process.stdout.write(JSON.stringify({ called, loadedBefore }));
    process.exit(0);
};
Module.enableCompileCache = () => report(true);
setTimeout(() => report(false), 20_000).unref();
