// The pack compiled ahead of time, and when it may be served. The Pulumi CLI starts a pack through ts-node,
// which type-checks every file when its cache is empty: 3-4 s before the pack answers, on every CI runner and on
// each member's first run of a newly published version. Compiled, the pack answers in under a second. A build
// is served only while every file it was compiled from is byte for byte the same, so an edited pack is never
// served from an older build: it falls back to its TypeScript.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** Where the build goes (tsconfig.json's outDir) and the record of what it was compiled from. */
const BIN = "bin";
const MANIFEST = path.join(BIN, "compiled-from.json");

function sha256(file) {
    return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** A path inside `dir` as the manifest writes it: relative, with forward slashes on every platform. */
function relativePosix(dir, file) {
    return path.relative(dir, file).split(path.sep).join("/");
}

/**
 * Records, last in a build, the digest of each file the build compiled from (`files`: the sources, the JSON
 * they import and tsconfig.json, all inside `dir`).
 */
function writeManifest(dir, files) {
    const compiledFrom = {};
    for (const file of [...files].sort()) {
        const rel = relativePosix(dir, path.resolve(dir, file));
        if (rel.startsWith("..") || path.isAbsolute(rel)) throw new Error(`${file} is outside the pack (${dir}); the build compiles only the pack's own files`);
        compiledFrom[rel] = sha256(path.resolve(dir, file));
    }
    fs.writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify({ compiledFrom }, null, 2)}\n`);
}

/**
 * The compiled entry (bin/index.js) when `dir`'s build was compiled from exactly the files now there, else
 * undefined: no build, an unfinished one (the manifest is written last), or any of those files changed or gone.
 * A file that nothing compiled imports plays no part in the build; importing it changes a file that does.
 */
function freshCompiledEntry(dir) {
    const entry = path.join(dir, BIN, "index.js");
    let compiledFrom;
    try {
        compiledFrom = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8")).compiledFrom;
    } catch {
        return undefined;
    }
    const files = Object.entries(compiledFrom ?? {});
    if (files.length === 0 || !fs.existsSync(entry)) return undefined;
    for (const [rel, digest] of files) {
        try {
            if (sha256(path.join(dir, ...rel.split("/"))) !== digest) return undefined;
        } catch {
            return undefined;
        }
    }
    return entry;
}

module.exports = { BIN, MANIFEST, writeManifest, freshCompiledEntry };
