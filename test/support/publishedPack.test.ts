import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PACK_INSTALL_CACHE, copyPublishedPack, installPackDependencies, linkInstalledDependencies, packInstallKey, sourcesHash } from "./publishedPack";

describe("the published pack's reused install and compiled files (test/support/publishedPack)", function () {
    this.timeout(120_000);
    let work: string;
    beforeEach(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "pack-install-"))));
    afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

    const base = { packageJson: '{"dependencies":{"a":"^1.0.0"}}', nodeVersion: "v22.1.0", npmVersion: "10.9.0", platform: "linux-x64", now: new Date("2026-11-24T01:00:00Z") };

    it("keys an install by the package.json's bytes, node, npm, the platform and the UTC day", () => {
        const key = packInstallKey(base);
        assert.equal(packInstallKey({ ...base, now: new Date("2026-11-24T23:59:59Z") }), key, "same day");
        for (const changed of [
            { packageJson: '{"dependencies":{"a":"^1.0.1"}}' },
            { packageJson: '{"dependencies":{"a":"^1.0.0"} }' },
            { nodeVersion: "v22.2.0" },
            { npmVersion: "10.9.1" },
            { platform: "darwin-arm64" },
            { now: new Date("2026-11-25T00:00:00Z") },
        ]) {
            assert.notEqual(packInstallKey({ ...base, ...changed }), key, JSON.stringify(changed));
        }
    });

    /** A dependency from a local folder: npm installs it without the registry. */
    function localDependency(): Record<string, string> {
        fs.mkdirSync(path.join(work, "local"), { recursive: true });
        fs.writeFileSync(path.join(work, "local", "package.json"), JSON.stringify({ name: "local", version: "1.0.0" }));
        return { local: `file:${path.join(work, "local")}` };
    }

    function pack(packageJson: object): string {
        const dir = path.join(work, "pack");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(packageJson));
        return dir;
    }

    it("installs once, dropping other keys' installs, reuses the finished install, and reinstalls over an unfinished one", () => {
        const dir = pack({ name: "p", version: "1.0.0", dependencies: localDependency() });
        const cache = path.join(work, "cache");
        fs.mkdirSync(path.join(cache, "0123456789abcdef0123456789abcdef"), { recursive: true }); // another key's install

        const first = installPackDependencies(dir, cache);
        assert.equal(first.installed, true);
        assert.ok(fs.existsSync(path.join(first.nodeModules, "local", "package.json")));
        assert.deepEqual(fs.readdirSync(cache), [path.basename(path.dirname(first.nodeModules))], "only the finished install is left");

        const second = installPackDependencies(dir, cache);
        assert.deepEqual(second, { nodeModules: first.nodeModules, installed: false });

        // An install without its completion marker (interrupted before the rename) is never reused.
        const entry = path.dirname(first.nodeModules);
        for (const f of fs.readdirSync(entry)) if (f.startsWith(".mlplatform")) fs.rmSync(path.join(entry, f));
        fs.writeFileSync(path.join(first.nodeModules, "leftover"), "");
        const third = installPackDependencies(dir, cache);
        assert.equal(third.installed, true);
        assert.ok(!fs.existsSync(path.join(third.nodeModules, "leftover")));
    });

    it("fails with npm's message and leaves nothing behind when the install fails", () => {
        const dir = pack({});
        fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "p", '); // npm stops at EJSONPARSE
        const cache = path.join(work, "cache");
        assert.throws(() => installPackDependencies(dir, cache), /npm install of .*package\.json failed/);
        assert.deepEqual(fs.readdirSync(cache), []);
    });

    it("keeps the install where no node_modules above it lends the pack packages a member's install lacks", () => {
        for (let dir = path.dirname(PACK_INSTALL_CACHE); ; dir = path.dirname(dir)) {
            assert.ok(!fs.existsSync(path.join(dir, "node_modules")), `${dir} holds a node_modules`);
            if (path.dirname(dir) === dir) break;
        }
    });

    it("links every installed package, scoped ones one by one, into a node_modules of the copy's own", () => {
        const installed = path.join(work, "installed");
        for (const p of ["plain", "@scope/one", "@scope/two"]) {
            fs.mkdirSync(path.join(installed, p), { recursive: true });
            fs.writeFileSync(path.join(installed, p, "package.json"), JSON.stringify({ name: p }));
        }
        const copy = path.join(work, "copy");
        fs.mkdirSync(copy);
        linkInstalledDependencies(installed, copy);
        for (const p of ["plain", "@scope/one", "@scope/two"]) {
            assert.equal(fs.realpathSync(path.join(copy, "node_modules", p)), fs.realpathSync(path.join(installed, p)));
        }
        assert.ok(!fs.lstatSync(path.join(copy, "node_modules", "@scope")).isSymbolicLink(), "a scope is a folder of the copy");
        fs.symlinkSync(copy, path.join(copy, "node_modules", "@scope", "added"));
        assert.deepEqual(fs.readdirSync(path.join(installed, "@scope")).sort(), ["one", "two"], "the shared install is untouched");
    });

    it("hashes every file of the pack but node_modules and bin (its build), so any edit of the pack gets a fresh tarball and ts-node cache", () => {
        const dir = pack({ name: "p", version: "1.0.0" });
        fs.mkdirSync(path.join(dir, "lib"));
        fs.writeFileSync(path.join(dir, "lib", "a.ts"), "export const a = 1;\n");
        const before = sourcesHash(dir);
        fs.mkdirSync(path.join(dir, "node_modules", "x"), { recursive: true });
        fs.writeFileSync(path.join(dir, "node_modules", "x", "index.js"), "");
        assert.equal(sourcesHash(dir), before, "node_modules plays no part");
        fs.mkdirSync(path.join(dir, "bin"));
        fs.writeFileSync(path.join(dir, "bin", "index.js"), "");
        assert.equal(sourcesHash(dir), before, "bin plays no part");
        fs.mkdirSync(path.join(dir, "lib", "bin"));
        fs.writeFileSync(path.join(dir, "lib", "bin", "x.ts"), "");
        assert.notEqual(sourcesHash(dir), before, "a bin/ below the top is a source");
        fs.rmSync(path.join(dir, "lib", "bin"), { recursive: true });
        fs.writeFileSync(path.join(dir, "lib", "a.ts"), "export const a = 2;\n");
        assert.notEqual(sourcesHash(dir), before, "an edited file");
        fs.writeFileSync(path.join(dir, "lib", "a.ts"), "export const a = 1;\n");
        assert.equal(sourcesHash(dir), before);
        fs.renameSync(path.join(dir, "lib", "a.ts"), path.join(dir, "lib", "b.ts"));
        assert.notEqual(sourcesHash(dir), before, "a renamed file");
    });

    it("packs the pack with npm once per sources, unpacks it afresh to the same path each time, and keeps only the current ts-node cache", () => {
        // The build (build.js) runs in a copy (it would build into the repository's pack), and `files` decides what ships.
        const dir = pack({
            name: "p",
            version: "1.0.0",
            files: ["index.ts", "bin/"],
            dependencies: localDependency(),
        });
        fs.writeFileSync(path.join(dir, "build.js"), "require('fs').mkdirSync('bin'); require('fs').copyFileSync('index.ts', 'bin/index.js');\n");
        fs.writeFileSync(path.join(dir, "index.ts"), "export const v = 1;\n");
        fs.writeFileSync(path.join(dir, "not-shipped.ts"), "");
        fs.mkdirSync(path.join(dir, "node_modules", "stale"), { recursive: true });
        const cache = path.join(work, "cache");
        const first = copyPublishedPack(dir, cache);
        assert.equal(first.packed, true);
        assert.deepEqual(fs.readdirSync(first.dir).sort(), ["bin", "index.ts", "node_modules", "package.json"]);
        assert.equal(fs.readFileSync(path.join(first.dir, "bin", "index.js"), "utf8"), "export const v = 1;\n", "built by build.js");
        assert.ok(!fs.existsSync(path.join(dir, "bin")), "not built in the pack's own folder");
        assert.ok(!fs.existsSync(path.join(first.dir, "node_modules", "stale")));
        fs.writeFileSync(path.join(first.dir, "left-by-a-test"), "");
        fs.mkdirSync(first.tsNodeCacheDirectory);

        const again = copyPublishedPack(dir, cache);
        assert.deepEqual(again, { ...first, installed: false, packed: false });
        assert.ok(!fs.existsSync(path.join(again.dir, "left-by-a-test")), "unpacked afresh");
        assert.ok(fs.existsSync(again.tsNodeCacheDirectory), "same sources: the compiled files are kept");

        fs.writeFileSync(path.join(dir, "index.ts"), "export const v = 2;\n");
        const edited = copyPublishedPack(dir, cache);
        assert.equal(edited.packed, true);
        assert.equal(edited.dir, first.dir);
        assert.notEqual(edited.tsNodeCacheDirectory, first.tsNodeCacheDirectory);
        assert.equal(fs.readFileSync(path.join(edited.dir, "bin", "index.js"), "utf8"), "export const v = 2;\n");
        assert.ok(!fs.existsSync(first.tsNodeCacheDirectory), "the old sources' compiled files are dropped");
        assert.deepEqual(fs.readdirSync(path.dirname(edited.dir)).filter((f) => f.startsWith("packed-")).length, 1, "one tarball: the current sources'");
    });

    it("fails as `pulumi policy publish` does when npm pack prints more than the tarball's name (a lifecycle script's banner)", () => {
        const dir = pack({ name: "p", version: "1.0.0", scripts: { prepack: "node -e 0" }, dependencies: localDependency() });
        fs.writeFileSync(path.join(dir, "build.js"), "");
        assert.throws(() => copyPublishedPack(dir, path.join(work, "cache")), /npm pack's standard output is not the tarball's name, so `pulumi policy publish` would fail .*prepack/s);
    });
});
