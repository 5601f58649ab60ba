import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compiledBuild } from "../support/smallPack";

const { MANIFEST, freshCompiledEntry, outside, writeManifest } = compiledBuild;

describe("when the pack's build may be served (policy-pack/compiledBuild.js)", () => {
    let work: string;
    let dir: string;
    beforeEach(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "pack-record-"));
        dir = path.join(work, "pack");
        fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
        for (const [file, text] of Object.entries({ "index.ts": "a", "lib/x.ts": "b", "tsconfig.json": "{}" })) {
            fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            fs.writeFileSync(path.join(dir, file), text);
        }
    });
    afterEach(() => fs.rmSync(work, { recursive: true, force: true }));
    const files = ["index.ts", "lib/x.ts", "tsconfig.json"];

    it("serves the build only while every file it was compiled from is unchanged", () => {
        assert.equal(freshCompiledEntry(dir), undefined, "no build");
        fs.writeFileSync(path.join(dir, "bin", "index.js"), "");
        assert.equal(freshCompiledEntry(dir), undefined, "no record of its sources: an unfinished build");
        writeManifest(dir, files);
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
    });

    it("serves it no longer when a file appears that the TypeScript, run through ts-node, would load instead", () => {
        fs.writeFileSync(path.join(dir, "bin", "index.js"), "");
        writeManifest(dir, files);
        // Node tries x.js and x.json before x.ts once ts-node registered .ts.
        for (const shadow of ["lib/x.js", "lib/x.json", "index.js"]) {
            fs.writeFileSync(path.join(dir, shadow), "{}");
            assert.equal(freshCompiledEntry(dir), undefined, shadow);
            fs.rmSync(path.join(dir, shadow));
        }
        assert.ok(freshCompiledEntry(dir));
    });

    it("falls back, never fails the pack's start, on a record it cannot use", () => {
        fs.writeFileSync(path.join(dir, "bin", "index.js"), "");
        for (const record of ["{", "null", "[]", '{"compiledFrom":{}}', '{"compiledFrom":{"index.ts":"x"}}', '{"compiledFrom":{"index.ts":"x"},"absent":[1]}', '{"compiledFrom":5,"absent":[]}']) {
            fs.writeFileSync(path.join(dir, MANIFEST), record);
            assert.equal(freshCompiledEntry(dir), undefined, record);
        }
    });

    it("records only the pack's own files", () => {
        assert.throws(() => writeManifest(dir, [path.join(work, "elsewhere.ts")]), /elsewhere\.ts is outside the pack .*; the build compiles only the pack's own files/);
        assert.equal(outside(dir, path.join(dir, "..x.ts")), false, "a file named ..x.ts is inside");
        assert.equal(outside(dir, path.join(dir, "..", "x.ts")), true);
        assert.equal(outside(dir, dir + "-sibling"), true);
    });
});
