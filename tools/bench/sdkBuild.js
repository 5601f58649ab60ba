// For the throughput bench only (`throughput.ts --sdk-build <dir>`): loads a build of some of @pulumi/policy's
// files (e.g. server.js and proxy.js compiled from a change proposed upstream, docs/upstream/) in place of the
// installed ones, so that the bench measures the change itself rather than a stand-in (sdkExperiment.ts). Each
// `.js` file of the build replaces the installed file of the same name, which keeps its path: its own
// requires resolve exactly as the installed file's would. Plain JavaScript, so that a pack's own process (as
// the CLI starts it) can preload it with `-r`, given the SDK and the build in MLPLATFORM_SDK_BUILD.
"use strict";
const fs = require("fs");
const path = require("path");
const Module = require("module");

const ENV = "MLPLATFORM_SDK_BUILD";

/**
 * The `.js` files of `buildDir`, each to be loaded in place of the installed file of that name in `sdkDir`.
 * Refuses a file the SDK does not have: a build for another version of the SDK.
 */
function sdkBuildFiles(sdkDir, buildDir) {
    let names;
    try {
        names = fs.readdirSync(buildDir).filter((n) => n.endsWith(".js")).sort();
    } catch (err) {
        throw new Error(`--sdk-build: cannot read ${buildDir}: ${err.message}`);
    }
    if (names.length === 0) throw new Error(`--sdk-build: ${buildDir} has no .js file to load in place of @pulumi/policy's`);
    for (const name of names) {
        if (!fs.existsSync(path.join(sdkDir, name))) throw new Error(`--sdk-build: ${buildDir} has ${name}, which the @pulumi/policy in ${sdkDir} does not: build it from that version`);
    }
    return names;
}

/**
 * From now on, compiles each installed file that the build replaces (sdkBuildFiles) from the build's text.
 * Refuses a file already loaded: too late to replace. Returns the replaced files' names.
 */
function installSdkBuild(sdkDir, buildDir) {
    const names = sdkBuildFiles(sdkDir, buildDir);
    const replacements = new Map();
    for (const name of names) {
        // Node compiles and caches a module under its real path.
        const installed = fs.realpathSync(path.join(sdkDir, name));
        if (require.cache[installed]) throw new Error(`--sdk-build: ${installed} is already loaded in this process; install the build before the pack starts`);
        replacements.set(installed, fs.readFileSync(path.join(buildDir, name), "utf8"));
    }
    const compile = Module.prototype._compile;
    Module.prototype._compile = function compileSdkBuild(content, filename, ...rest) {
        return compile.call(this, replacements.get(filename) ?? content, filename, ...rest);
    };
    return names;
}

/** What the pack's own process needs to load the same build: a `-r` of this file and its environment. */
function sdkBuildForChildProcess(sdkDir, buildDir) {
    return { nodeArgs: ["-r", __filename], env: { [ENV]: JSON.stringify({ sdkDir, buildDir }) } };
}

if (process.env[ENV]) {
    const { sdkDir, buildDir } = JSON.parse(process.env[ENV]);
    installSdkBuild(sdkDir, buildDir);
}

module.exports = { installSdkBuild, sdkBuildFiles, sdkBuildForChildProcess, ENV };
