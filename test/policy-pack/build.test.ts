import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compiledBuild, packBuild, smallPack } from "../support/smallPack";

const { MANIFEST, freshCompiledEntry } = compiledBuild;

describe("the pack's build for publishing (policy-pack/build.js)", function () {
    this.timeout(60_000);
    let work: string;
    beforeEach(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "pack-build-"))));
    afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

    it("builds into bin/ and records every file it compiled from, the JSON it imports and the tsconfigs included, and what must stay absent", () => {
        const dir = smallPack(work, "p");
        assert.deepEqual(packBuild.build(dir), []);
        assert.ok(fs.existsSync(path.join(dir, "bin", "index.js")));
        const { compiledFrom, absent } = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8"));
        // unused.ts is in the tsconfig's (default) files, so it is compiled too; node_modules' declarations are not the pack's.
        assert.deepEqual(Object.keys(compiledFrom), ["index.ts", "lib/index.ts", "names.json", "tsconfig.base.json", "tsconfig.json", "unused.ts"]);
        assert.ok(["lib.ts", "lib.d.ts", "lib.js", "lib/package.json", "index.js", "unused.js"].every((f) => absent.includes(f)), absent.join(", "));
        assert.equal(freshCompiledEntry(dir), path.join(dir, "bin", "index.js"));
        // "./lib" resolved to lib/index.ts; a lib.ts beside the folder would win over it, and under ts-node a lib.js too.
        for (const shadow of ["lib.ts", "lib.d.ts", "lib.js", path.join("lib", "package.json")]) {
            fs.writeFileSync(path.join(dir, shadow), "{}");
            assert.equal(freshCompiledEntry(dir), undefined, shadow);
            fs.rmSync(path.join(dir, shadow));
        }
        fs.writeFileSync(path.join(dir, "lib", "more.ts"), "export const more = 1;\n");
        assert.ok(freshCompiledEntry(dir), "a new file no import names changes nothing");
        fs.writeFileSync(path.join(dir, "tsconfig.base.json"), "{}");
        assert.equal(freshCompiledEntry(dir), undefined, "a tsconfig it extends edited");
    });

    /** Builds `dir` expecting an error matching `message`, and no bin/ left behind, the earlier build's included. */
    function assertNoBuild(dir: string, message: RegExp): void {
        fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
        fs.writeFileSync(path.join(dir, "bin", "index.js"), ""); // an earlier build
        assert.match(packBuild.build(dir).join("\n"), message);
        assert.ok(!fs.existsSync(path.join(dir, "bin")), "no bin/ left");
    }

    it("leaves no bin/ when the pack does not type-check, reads a file outside its folder, or emits no bin/index.js", () => {
        const dir = smallPack(work, "p");
        fs.writeFileSync(path.join(dir, "unused.ts"), 'export const unused: number = "one";\n');
        assertNoBuild(dir, /unused\.ts.*Type 'string' is not assignable to type 'number'/s);

        fs.writeFileSync(path.join(dir, "unused.ts"), 'export { elsewhere } from "../elsewhere";\n');
        fs.writeFileSync(path.join(work, "elsewhere.ts"), "export const elsewhere = 1;\n");
        assertNoBuild(dir, /the pack reads files outside its folder, which it would not ship: .*elsewhere\.ts/);
        fs.writeFileSync(path.join(dir, "unused.ts"), "export const unused: number = 1;\n");

        fs.renameSync(path.join(dir, "tsconfig.base.json"), path.join(work, "tsconfig.base.json"));
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.base.json", compilerOptions: { outDir: "bin" } }));
        assertNoBuild(dir, /the pack reads files outside its folder, which it would not ship: .*tsconfig\.base\.json/);

        fs.renameSync(path.join(work, "tsconfig.base.json"), path.join(dir, "tsconfig.base.json"));
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ extends: "./tsconfig.base.json", compilerOptions: { outDir: "bin" }, include: ["unused.ts"] }));
        assertNoBuild(dir, /the build wrote no bin\/index\.js, the entry main\.js serves/);
    });

    it("refuses an outDir other than bin, where the entry looks", () => {
        const dir = smallPack(work, "p");
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { outDir: "dist" } }));
        assert.match(packBuild.build(dir).join("\n"), /compilerOptions\.outDir must be "bin", where the entry \(main\.js\) looks for the build; it is ".*dist"/);
        assert.ok(!fs.existsSync(path.join(dir, "dist")));
    });
});
