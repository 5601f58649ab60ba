// `npm run typecheck`: the components' build, then tsconfig.typecheck.json with `tsc -b`, which is a no-op
// (under a second instead of 8 s) when no source changed since the last check that passed or failed.
// `tsc -b` looks only at the project's own sources, not at node_modules, so the build info is dropped
// whenever the installed dependencies change (npm rewrites node_modules/.package-lock.json on every
// install); a dependency update is then checked in full instead of passing on stale results.
// Checked by hand: a file added under test/ with `export const broken: number = "x";` fails with TS2322 and
// exit 1 on every run until removed (tsc -b rechecks a project whose last check had errors); removing it
// passes; with no change in between, a run takes 0.3 s of CPU.
"use strict";
const { spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const CONFIG = path.join(ROOT, "tsconfig.typecheck.json");

/** The build info file named by the config (it holds JSON with comments: read the one key). */
function buildInfoFile() {
    const match = /"tsBuildInfoFile"\s*:\s*"([^"]+)"/.exec(fs.readFileSync(CONFIG, "utf8"));
    if (!match) throw new Error(`${CONFIG} must set compilerOptions.tsBuildInfoFile`);
    return path.resolve(ROOT, match[1]);
}

/** What the installed type declarations depend on: the lockfiles and the compiler's version. */
function dependencyKey() {
    const hash = crypto.createHash("sha1");
    for (const file of ["package-lock.json", "node_modules/.package-lock.json", "node_modules/typescript/package.json"]) {
        hash.update(`${file}\0`);
        try {
            hash.update(fs.readFileSync(path.join(ROOT, file)));
        } catch {
            hash.update("missing");
        }
    }
    return hash.digest("hex");
}


const info = buildInfoFile();
const stamp = `${info}.dependencies`;
const key = dependencyKey();
let previous = "";
try {
    previous = fs.readFileSync(stamp, "utf8").trim();
} catch {
    // first check
}
if (previous !== key) {
    fs.rmSync(info, { force: true });
    fs.mkdirSync(path.dirname(info), { recursive: true });
    fs.writeFileSync(stamp, `${key}\n`);
}
// One compiler process for both projects, in this order.
const result = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc", { paths: [ROOT] }), "-b", "components", CONFIG], { cwd: ROOT, stdio: "inherit" });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
