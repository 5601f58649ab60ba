// The pack compiled ahead of time, and when it may be served. The Pulumi CLI starts a pack through ts-node,
// which type-checks every file when its cache is empty: about 3 s before the pack answers, on every CI runner and
// on each member's first run of a newly published version. Compiled, it answers in about 0.7 s. A build
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
 * Files whose appearance would make an existing import resolve differently from the build. For TypeScript, a
 * folder module `x/index.ts` (imported as "./x") gives way to a new `x.ts`, `x.tsx`, `x.d.ts` or to a
 * `x/package.json` naming other types; `x.tsx` gives way to `x.ts`. For Node running the TypeScript through
 * ts-node, `.js` and `.json` come before `.ts`, so a stray `x.js` or `x.json` (or `x/index.js`) would be run
 * instead. Other new files change nothing until an import names them, and that import edits a recorded file.
 */
function shadowingCandidates(rel) {
    const folderModule = /^(.*)\/index\.(ts|tsx)$/.exec(rel);
    if (folderModule) {
        const [, folder] = folderModule;
        return [`${folder}.ts`, `${folder}.tsx`, `${folder}.d.ts`, `${folder}.js`, `${folder}.json`, `${folder}/package.json`, `${folder}/index.js`, `${folder}/index.json`];
    }
    const module = /^(.*)\.(ts|tsx)$/.exec(rel);
    if (module && !rel.endsWith(".d.ts")) return [...(module[2] === "tsx" ? [`${module[1]}.ts`] : []), `${module[1]}.js`, `${module[1]}.json`];
    return [];
}

/** Whether `file` lies outside `dir` (another drive on Windows included; a file named `..x` is inside). */
function outside(dir, file) {
    const rel = path.relative(dir, path.resolve(dir, file));
    return rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
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
        if (outside(dir, file)) throw new Error(`${file} is outside the pack (${dir}); the build compiles only the pack's own files`);
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
    try {
        const { compiledFrom, absent } = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8"));
        const files = Object.entries(compiledFrom);
        if (files.length === 0 || !fs.existsSync(entry)) return undefined;
        if (absent.some((rel) => exists(dir, rel))) return undefined;
        return files.every(([rel, digest]) => sha256(path.join(dir, ...rel.split("/"))) === digest) ? entry : undefined;
    } catch {
        // No record, an unreadable one, or a recorded file gone: the TypeScript, never a failed start.
        return undefined;
    }
}

module.exports = { BIN, MANIFEST, outside, writeManifest, freshCompiledEntry };
