import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import Module = require("module");
import * as os from "os";
import * as path from "path";

const { installSdkBuild, sdkBuildForChildProcess, ENV } = require("../../../tools/bench/sdkBuild.js") as {
    installSdkBuild(sdkDir: string, buildDir: string): string[];
    sdkBuildForChildProcess(sdkDir: string, buildDir: string): { nodeArgs: string[]; env: NodeJS.ProcessEnv };
    ENV: string;
};

/**
 * `throughput.ts --sdk-build <dir>` (tools/bench/sdkBuild.js): a build of @pulumi/policy files, loaded in
 * place of the installed ones. Shown on a small stand-in SDK, so nothing of the real SDK, which the rest of
 * the suite uses, is replaced: `server.js` says where it was compiled from, and what its relative require
 * found.
 */
describe("a build of SDK files loaded in place of the installed ones (tools/bench/sdkBuild.js)", () => {
    let root: string;
    let sdk: string;
    let build: string;
    const compile = (Module.prototype as any)._compile;
    const server = () => path.join(sdk, "server.js");

    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-build-"));
        sdk = path.join(root, "sdk");
        build = path.join(root, "build");
        fs.mkdirSync(sdk);
        fs.mkdirSync(build);
        fs.writeFileSync(path.join(sdk, "helper.js"), `exports.name = "the installed helper";\n`);
        fs.writeFileSync(server(), `exports.from = "installed"; exports.helper = require("./helper").name;\n`);
        fs.writeFileSync(path.join(build, "server.js"), `exports.from = "build"; exports.helper = require("./helper").name;\n`);
        fs.writeFileSync(path.join(build, "notes.txt"), "not JavaScript: ignored\n");
    });

    afterEach(() => {
        (Module.prototype as any)._compile = compile;
        for (const file of Object.keys(require.cache)) if (file.startsWith(root)) delete require.cache[file];
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("compiles the installed file from the build's text, at the installed path, so its requires resolve as before", () => {
        assert.deepEqual(installSdkBuild(sdk, build), ["server.js"]);
        const loaded = require(server());
        assert.deepEqual({ ...loaded }, { from: "build", helper: "the installed helper" });
        assert.equal(require.resolve(server()), server());
    });

    it("leaves the files the build does not have as installed", () => {
        installSdkBuild(sdk, build);
        assert.equal(require(path.join(sdk, "helper.js")).name, "the installed helper");
    });

    it("loads the same build in a pack's own process, preloaded with -r", () => {
        const { nodeArgs, env } = sdkBuildForChildProcess(sdk, build);
        assert.ok(env[ENV]);
        const child = spawnSync(process.execPath, [...nodeArgs, "-e", `process.stdout.write(require(${JSON.stringify(server())}).from)`], {
            env: { ...process.env, ...env },
            encoding: "utf8",
        });
        assert.equal(child.stderr, "");
        assert.equal(child.stdout, "build");
    });

    it("refuses a build with a file the SDK does not have (a build of another version)", () => {
        fs.writeFileSync(path.join(build, "policyV2.js"), "");
        assert.throws(() => installSdkBuild(sdk, build), /--sdk-build: .* has policyV2\.js, which the @pulumi\/policy in .* does not: build it from that version/);
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
