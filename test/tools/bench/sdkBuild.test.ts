import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import Module = require("module");
import * as os from "os";
import * as path from "path";
import { policySdkDir } from "../../../tools/offline/policyPack";
import { installSdkBuild, sdkBuildForChildProcess } from "../../../tools/bench/sdkBuild";

const PACK = path.join(__dirname, "..", "..", "..", "policy-pack");

/**
 * `throughput.ts --sdk-build <dir>` (tools/bench/sdkBuild.js): a build of @pulumi/policy files, compiled in
 * place of the installed ones. Shown on a small stand-in SDK, so nothing of the real SDK, which the rest of the
 * suite uses in this process, is replaced: `server.js` says where it was compiled from, and what its relative
 * require found. The real SDK is only ever replaced in a child process.
 */
describe("a build of SDK files loaded in place of the installed ones (tools/bench/sdkBuild.js)", () => {
    let root: string;
    let sdk: string;
    let build: string;
    let compile: unknown;
    const server = () => path.join(sdk, "server.js");

    beforeEach(() => {
        compile = (Module.prototype as any)._compile;
        root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "sdk-build-")));
        sdk = path.join(root, "sdk");
        build = path.join(root, "build");
        fs.mkdirSync(sdk);
        fs.mkdirSync(build);
        fs.writeFileSync(path.join(sdk, "helper.js"), `exports.name = "the installed helper";\n`);
        fs.writeFileSync(server(), `exports.from = "installed"; exports.helper = require("./helper").name; exports.stack = () => new Error().stack;\n`);
        fs.writeFileSync(path.join(build, "server.js"), `exports.from = "build"; exports.helper = require("./helper").name; exports.stack = () => new Error().stack;\n`);
        fs.writeFileSync(path.join(build, "notes.txt"), "not JavaScript: ignored\n");
        fs.mkdirSync(path.join(build, "folder.js")); // not a file: ignored
    });

    afterEach(() => {
        (Module.prototype as any)._compile = compile;
        for (const file of Object.keys(require.cache)) if (file.startsWith(root)) delete require.cache[file];
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("compiles the installed file from the build's text, at the installed path, so its requires resolve as before", () => {
        const compiled: string[] = [];
        assert.deepEqual(installSdkBuild(sdk, build, (name) => compiled.push(name)), ["server.js"]);
        assert.deepEqual(compiled, [], "nothing is compiled before the SDK loads");
        const loaded = require(server());
        assert.deepEqual({ from: loaded.from, helper: loaded.helper }, { from: "build", helper: "the installed helper" });
        assert.equal(require.resolve(server()), server());
        assert.deepEqual(compiled, ["server.js"], "the caller learns that the build was loaded");
        assert.match(loaded.stack(), new RegExp(`at .*${path.join(build, "server.js").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:1`), "a stack trace names the build's file");
    });

    it("leaves the files the build does not have as installed", () => {
        installSdkBuild(sdk, build);
        assert.equal(require(path.join(sdk, "helper.js")).name, "the installed helper");
    });

    it("loads the same build in a pack's own process, preloaded with -r, and records there what it compiled", () => {
        const report = path.join(root, "compiled.txt");
        const { nodeArgs, env } = sdkBuildForChildProcess(sdk, build, report);
        const child = spawnSync(process.execPath, [...nodeArgs, "-e", `process.stdout.write(require(${JSON.stringify(server())}).from)`], {
            env: { ...process.env, ...env },
            encoding: "utf8",
        });
        assert.equal(child.stderr, "");
        assert.equal(child.stdout, "build");
        assert.equal(fs.readFileSync(report, "utf8"), "server.js\n");
    });

    it("replaces the @pulumi/policy that a pack in policy-pack/ loads (policySdkDir), in a child process", () => {
        fs.writeFileSync(path.join(build, "version.js"), `exports.version = "from the build";\n`);
        fs.rmSync(path.join(build, "server.js"));
        const report = path.join(root, "compiled.txt");
        const { nodeArgs, env } = sdkBuildForChildProcess(policySdkDir(PACK), build, report);
        const asThePack = `require(require.resolve("@pulumi/policy/version", { paths: [${JSON.stringify(PACK)}] })).version`;
        const child = spawnSync(process.execPath, [...nodeArgs, "-e", `process.stdout.write(${asThePack})`], { env: { ...process.env, ...env }, encoding: "utf8" });
        assert.equal(child.stderr, "");
        assert.equal(child.stdout, "from the build");
        assert.equal(fs.readFileSync(report, "utf8"), "version.js\n");
    });

    it("refuses a build with a file the installed SDK does not have", () => {
        fs.writeFileSync(path.join(build, "policyV2.js"), "");
        assert.throws(() => installSdkBuild(sdk, build), /--sdk-build: .* has policyV2\.js, which the @pulumi\/policy in .* does not: build the installed version's sources/);
    });

    it("refuses a file that is already loaded, which it is too late to replace", () => {
        require(server());
        assert.throws(() => installSdkBuild(sdk, build), /server\.js is already loaded in this process; install the build before the pack starts/);
    });

    it("refuses a build directory that does not exist or has no JavaScript", () => {
        assert.throws(() => installSdkBuild(sdk, path.join(root, "missing")), /--sdk-build: cannot read .*missing/);
        fs.rmSync(path.join(build, "server.js"));
        assert.throws(() => installSdkBuild(sdk, build), /has no \.js file to load in place of @pulumi\/policy's/);
    });
});
