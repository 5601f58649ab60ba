import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { servedThroughCli } from "../../tools/offline/pulumiCli";
import { POLICY_PACK, ROOT } from "../harness";

const { build } = require(path.join(POLICY_PACK, "build.js")) as { build(dir: string): string[] };
const { MANIFEST, freshCompiledEntry, writeManifest } = require(path.join(POLICY_PACK, "compiledBuild.js")) as {
    MANIFEST: string;
    freshCompiledEntry(dir: string): string | undefined;
    writeManifest(dir: string, files: string[]): void;
};

/** The files of a copy of the pack's entry machinery and a small pack of its own, in a temporary folder. */
function smallPack(work: string, policyName: string): string {
    const dir = path.join(work, "pack");
    fs.mkdirSync(dir, { recursive: true });
    for (const file of ["main.js", "compiledBuild.js", "build.js", "PulumiPolicy.yaml"]) fs.copyFileSync(path.join(POLICY_PACK, file), path.join(dir, file));
    // The repository's packages (typescript for the build, @pulumi/policy and @pulumi/pulumi for the CLI's entry).
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "small-pack", version: "1.0.0", main: "main.js" }));
    // No type imports, so ts-node's type check under the CLI's entry stays small.
    const base = { compilerOptions: { strict: true, target: "es2020", lib: ["es2020"], module: "commonjs", moduleResolution: "node", esModuleInterop: true, resolveJsonModule: true, skipLibCheck: true, types: [] } };
    fs.writeFileSync(path.join(dir, "tsconfig.base.json"), JSON.stringify(base));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ extends: "./tsconfig.base.json", compilerOptions: { outDir: "bin" } }));
    fs.writeFileSync(path.join(dir, "names.json"), JSON.stringify({ policy: policyName }));
    fs.mkdirSync(path.join(dir, "lib"));
    fs.writeFileSync(path.join(dir, "lib", "index.ts"), 'export const description = "d";\n');
    fs.writeFileSync(path.join(dir, "unused.ts"), "export const unused: number = 1;\n");
    fs.writeFileSync(
        path.join(dir, "index.ts"),
        [
            "declare function require(id: string): any;",
            'import names from "./names.json";',
            'import { description } from "./lib";',
            'const { PolicyPack } = require("@pulumi/policy");',
            'new PolicyPack("small-pack", { policies: [{ name: names.policy, description, enforcementLevel: "advisory", validateResource: () => undefined }] });',
            "",
        ].join("\n"),
    );
    return dir;
}

describe("the pack's entry (policy-pack/main.js) and its build (build.js, compiledBuild.js)", function () {
    this.timeout(120_000);
    let work: string;
    beforeEach(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "pack-entry-"))));
    afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

    /**
     * `pulumi preview` starts the pack in a new process every time, and on Node 22 and 24 the compile cache
     * takes about 130 ms (13%) off that start (`npm run bench -- --sections cli`). Node 20 has no such cache, so
     * the process here runs the entry with a stand-in that records when it is called (test/support/compileCacheProbe.js).
     */
    it("turns Node's compile cache on first, so the policies, @pulumi/policy and their dependencies are read from it", () => {
        const entry = path.join(POLICY_PACK, require(path.join(POLICY_PACK, "package.json")).main);
        const child = spawnSync(process.execPath, ["-r", path.join(ROOT, "tools", "register.js"), "-r", path.join(ROOT, "test", "support", "compileCacheProbe.js"), entry], {
            cwd: POLICY_PACK,
            encoding: "utf8",
            timeout: 60_000,
        });
        assert.equal(child.status, 0, child.stderr);
        const probe: { called: boolean; loadedBefore: string[] } = JSON.parse(child.stdout);
        assert.ok(probe.called, "the pack's entry never turned the compile cache on");
        const ownModules = probe.loadedBefore.filter((file) => !file.includes(`${path.sep}esbuild${path.sep}`)); // register.js's transpiler
        assert.deepEqual(ownModules.map((file) => path.relative(POLICY_PACK, file)), ["main.js"]);
    });

    describe("a small pack built once", () => {
        let built: string;
        before(() => {
            built = smallPack(fs.mkdtempSync(path.join(os.tmpdir(), "pack-built-")), "from-typescript");
            assert.deepEqual(build(built), []);
            fs.copyFileSync(path.join(built, "tsconfig.base.json"), path.join(built, "tsconfig.base.json.orig"));
        });
        after(() => built && fs.rmSync(path.dirname(built), { recursive: true, force: true }));

        it("builds into bin/ and records every file the build compiled from, the JSON it imports and tsconfig.json included", () => {
            assert.ok(fs.existsSync(path.join(built, "bin", "index.js")));
            const { compiledFrom } = JSON.parse(fs.readFileSync(path.join(built, MANIFEST), "utf8"));
            // unused.ts is in the tsconfig's (default) files, so it is compiled too; node_modules' declarations are not the pack's.
            assert.deepEqual(Object.keys(compiledFrom), ["index.ts", "lib/index.ts", "names.json", "tsconfig.base.json", "tsconfig.json", "unused.ts"]);
            assert.equal(freshCompiledEntry(built), path.join(built, "bin", "index.js"));
        });

        it("serves it no longer once a new file would change what an import resolves to", () => {
            // "./lib" resolved to lib/index.ts; a lib.ts beside the folder would win over it.
            for (const shadow of ["lib.ts", "lib.d.ts", path.join("lib", "package.json")]) {
                fs.writeFileSync(path.join(built, shadow), "{}");
                assert.equal(freshCompiledEntry(built), undefined, shadow);
                fs.rmSync(path.join(built, shadow));
            }
            fs.writeFileSync(path.join(built, "lib", "more.ts"), "export const more = 1;\n");
            assert.ok(freshCompiledEntry(built), "a new file no import names changes nothing");
            fs.rmSync(path.join(built, "lib", "more.ts"));
            fs.writeFileSync(path.join(built, "tsconfig.base.json"), "{}");
            assert.equal(freshCompiledEntry(built), undefined, "a tsconfig it extends edited");
            fs.writeFileSync(path.join(built, "tsconfig.base.json"), fs.readFileSync(path.join(built, "tsconfig.base.json.orig")));
            assert.ok(freshCompiledEntry(built));
        });

        // The compiled side under the same entry is publish.test's: the published pack, served without ts-node compiling anything.
        it("serves the TypeScript through the Pulumi CLI's entry (cmd/run-policy-pack, with its ts-node) once a source changed since the build", async () => {
            const tsNodeCache = path.join(path.dirname(built), "ts-node");
            fs.writeFileSync(path.join(built, "names.json"), JSON.stringify({ policy: "edited" }));
            const started = await servedThroughCli(built, { env: { TS_NODE_CACHE_DIRECTORY: tsNodeCache } });
            try {
                assert.deepEqual(
                    started.pack.policies.map((p) => p.name),
                    ["edited"],
                    "an edited pack is never served from the older build",
                );
            } finally {
                await started.stop();
            }
            const compiled = fs.readdirSync(tsNodeCache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
            assert.ok(compiled.length > 0, "served through ts-node");
        });
    });

    it("leaves no build when the pack does not type-check, imports a file outside its folder, or has an outDir other than bin", () => {
        const dir = smallPack(work, "p");
        fs.mkdirSync(path.join(dir, "bin"));
        fs.writeFileSync(path.join(dir, "bin", "index.js"), "");
        writeManifest(dir, ["index.ts"]); // an earlier build
        fs.writeFileSync(path.join(dir, "unused.ts"), 'export const unused: number = "one";\n');
        const errors = build(dir);
        assert.match(errors.join("\n"), /unused\.ts.*Type 'string' is not assignable to type 'number'/s);
        assert.ok(!fs.existsSync(path.join(dir, "bin")), "the earlier build is gone too");

        fs.writeFileSync(path.join(dir, "unused.ts"), 'export { elsewhere } from "../elsewhere";\n');
        fs.writeFileSync(path.join(work, "elsewhere.ts"), "export const elsewhere = 1;\n");
        assert.match(build(dir).join("\n"), /the pack imports files outside its folder, which it would not ship: .*elsewhere\.ts/);
        assert.ok(!fs.existsSync(path.join(dir, "bin")));

        fs.writeFileSync(path.join(dir, "unused.ts"), "export const unused: number = 1;\n");
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { outDir: "dist" } }));
        assert.match(build(dir).join("\n"), /compilerOptions\.outDir must be "bin", where the entry \(main\.js\) looks for the build; it is ".*dist"/);
        assert.ok(!fs.existsSync(path.join(dir, "dist")));
    });

    it("serves the build only while every file it was compiled from is unchanged", () => {
        const dir = path.join(work, "pack");
        fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
        const files = { "index.ts": "a", "lib/x.ts": "b", "tsconfig.json": "{}" };
        for (const [file, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            fs.writeFileSync(path.join(dir, file), text);
        }
        assert.equal(freshCompiledEntry(dir), undefined, "no build");
        fs.writeFileSync(path.join(dir, "bin", "index.js"), "");
        assert.equal(freshCompiledEntry(dir), undefined, "no record of its sources: an unfinished build");
        writeManifest(dir, Object.keys(files));
        assert.equal(freshCompiledEntry(dir), path.join(dir, "bin", "index.js"));

        fs.writeFileSync(path.join(dir, "lib", "x.ts"), "b ");
        assert.equal(freshCompiledEntry(dir), undefined, "a source edited");
        fs.writeFileSync(path.join(dir, "lib", "x.ts"), "b");
        assert.ok(freshCompiledEntry(dir), "edited back");
        fs.writeFileSync(path.join(dir, "tsconfig.json"), '{"compilerOptions":{}}');
        assert.equal(freshCompiledEntry(dir), undefined, "tsconfig.json edited");
        fs.writeFileSync(path.join(dir, "tsconfig.json"), "{}");
        fs.writeFileSync(path.join(dir, "README.md"), "not compiled");
        assert.ok(freshCompiledEntry(dir), "a file the build did not compile plays no part");
        fs.rmSync(path.join(dir, "lib", "x.ts"));
        assert.equal(freshCompiledEntry(dir), undefined, "a source gone");
        fs.writeFileSync(path.join(dir, "lib", "x.ts"), "b");
        fs.rmSync(path.join(dir, "bin", "index.js"));
        assert.equal(freshCompiledEntry(dir), undefined, "the compiled entry gone");
        fs.writeFileSync(path.join(dir, "bin", "index.js"), "");
        fs.writeFileSync(path.join(dir, MANIFEST), "{");
        assert.equal(freshCompiledEntry(dir), undefined, "an unreadable record");
        assert.throws(() => writeManifest(dir, [path.join(work, "elsewhere.ts")]), /elsewhere\.ts is outside the pack .*; the build compiles only the pack's own files/);
    });
});
