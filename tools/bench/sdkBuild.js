// For the throughput bench only (`throughput.ts --sdk-build <dir>`, `npm run bench -- --sdk-build <dir>`): loads
// a build of some of @pulumi/policy's files (e.g. server.js and proxy.js compiled from a change proposed
// upstream, docs/upstream/) in place of the installed ones, so that the bench measures the change itself
// rather than a stand-in (sdkExperiment.ts). Each `.js` file of the build is compiled in place of the
// installed file of the same name, at the installed path, so its own requires resolve exactly as the installed
// file's would. Plain JavaScript: a pack's own process, as the CLI starts it, preloads sdkBuildPreload.js.
"use strict";
const fs = require("fs");
const path = require("path");
const Module = require("module");

const ENV = "MLPLATFORM_SDK_BUILD";

/**
 * The `.js` files of `buildDir`, each to be compiled in place of the installed file of that name in `sdkDir`.
 * Refuses a file the installed SDK does not have: the build is of another SDK, or adds a module, which this
 * cannot load.
 */
function sdkBuildFiles(sdkDir, buildDir) {
    let names;
    try {
        names = fs
            .readdirSync(buildDir, { withFileTypes: true })
            .filter((e) => e.isFile() && e.name.endsWith(".js"))
            .map((e) => e.name)
            .sort();
    } catch (err) {
        throw new Error(`--sdk-build: cannot read ${buildDir}: ${err.message}`);
    }
    if (names.length === 0) throw new Error(`--sdk-build: ${buildDir} has no .js file to load in place of @pulumi/policy's`);
    for (const name of names) {
        if (!fs.existsSync(path.join(sdkDir, name))) {
            throw new Error(`--sdk-build: ${buildDir} has ${name}, which the @pulumi/policy in ${sdkDir} does not: build the installed version's sources`);
        }
    }
    return names;
}

/**
 * From now on, compiles each installed file the build replaces (sdkBuildFiles) from the build's text, and calls
 * `onCompiled(name)` when it does, so a caller can tell that the pack loaded the build and not the installed
 * files. Refuses a file already loaded: too late to replace. Returns the names of the files it will replace.
 */
function installSdkBuild(sdkDir, buildDir, onCompiled = () => {}) {
    const names = sdkBuildFiles(sdkDir, buildDir);
    const replacements = new Map();
    for (const name of names) {
        const installed = path.join(sdkDir, name);
        // Node compiles a module under its real path (or, with --preserve-symlinks, the path as required).
        const paths = new Set([installed, fs.realpathSync(installed)]);
        for (const p of paths) if (require.cache[p]) throw new Error(`--sdk-build: ${p} is already loaded in this process; install the build before the pack starts`);
        const build = path.join(buildDir, name);
        // sourceURL: a stack trace through the build names the build's file, not the installed one (a syntax error
        // still names the installed path: Node prints the filename it compiled).
        const text = `${fs.readFileSync(build, "utf8")}\n//# sourceURL=${build}\n`;
        for (const p of paths) replacements.set(p, { name, text });
    }
    const compile = Module.prototype._compile;
    Module.prototype._compile = function compileSdkBuild(content, filename, ...rest) {
        const replacement = replacements.get(filename);
        if (!replacement) return compile.call(this, content, filename, ...rest);
        onCompiled(replacement.name);
        return compile.call(this, replacement.text, filename, ...rest);
    };
    return names;
}

/**
 * What the pack's own process needs to load the same build: a `-r` of sdkBuildPreload.js, and in the
 * environment the SDK, the build and a file to which that process appends the name of each file it compiled.
 */
function sdkBuildForChildProcess(sdkDir, buildDir, reportFile) {
    return { nodeArgs: ["-r", path.join(__dirname, "sdkBuildPreload.js")], env: { [ENV]: JSON.stringify({ sdkDir, buildDir, reportFile }) } };
}

module.exports = { installSdkBuild, sdkBuildFiles, sdkBuildForChildProcess, ENV };
