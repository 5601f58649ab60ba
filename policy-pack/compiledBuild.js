// The pack compiled ahead of time, and when it may be served. The Pulumi CLI starts a pack through ts-node,
// which type-checks every file when its cache is empty: 3-4 s before the pack answers, on every CI runner and on
// each member's first run of a newly published version. Compiled, the pack answers in under a second. A build
// is served only while every file it was compiled from is byte for byte the same and no new file changes how
// their imports resolve, so an edited pack is never served from an older build: it falls back to its TypeScript.
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
 * Files whose appearance would make TypeScript resolve an existing import differently from the build: a
 * folder module `x/index.ts` (imported as "./x") gives way to a new `x.ts`, `x.tsx`, `x.d.ts` or to a
 * `x/package.json` naming other types; `x.tsx` gives way to `x.ts`, and `x.d.ts` to both. Other new files change
 * nothing until an import names them, and that import is an edit of a recorded file.
 */
function shadowingCandidates(rel) {
    const folderModule = /^(.*)\/index\.(ts|tsx|d\.ts)$/.exec(rel);
    if (folderModule) return [`${folderModule[1]}.ts`, `${folderModule[1]}.tsx`, `${folderModule[1]}.d.ts`, `${folderModule[1]}/package.json`];
    if (rel.endsWith(".d.ts")) return [`${rel.slice(0, -5)}.ts`, `${rel.slice(0, -5)}.tsx`];
    if (rel.endsWith(".tsx")) return [`${rel.slice(0, -4)}.ts`];
    return [];
}

const exists = (dir, rel) => fs.existsSync(path.join(dir, ...rel.split("/")));

/**
 * Records, last in a build, the digest of each file the build compiled from (`files`: the sources, the JSON
 * they import and the tsconfig files, all inside `dir`), and the files that must stay absent for the build's
 * imports to resolve as they did.
 */
function writeManifest(dir, files) {
    const compiledFrom = {};
    for (const file of [...files].sort()) {
        const rel = relativePosix(dir, path.resolve(dir, file));
        if (rel.startsWith("..") || path.isAbsolute(rel)) throw new Error(`${file} is outside the pack (${dir}); the build compiles only the pack's own files`);
        compiledFrom[rel] = sha256(path.resolve(dir, file));
    }
    const absent = [...new Set(Object.keys(compiledFrom).flatMap(shadowingCandidates))].filter((rel) => !exists(dir, rel)).sort();
    fs.writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify({ compiledFrom, absent }, null, 2)}\n`);
}

/**
 * The compiled entry (bin/index.js) when `dir`'s build was compiled from exactly the files now there, else
 * undefined: no build, an unfinished one (the record is written last), any of those files changed or gone, or
 * a file now present that would change how their imports resolve.
 */
function freshCompiledEntry(dir) {
    const entry = path.join(dir, BIN, "index.js");
    let manifest;
    try {
        manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8"));
    } catch {
        return undefined;
    }
    const files = Object.entries(manifest.compiledFrom ?? {});
    if (files.length === 0 || !Array.isArray(manifest.absent) || !fs.existsSync(entry)) return undefined;
    if (manifest.absent.some((rel) => exists(dir, rel))) return undefined;
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
