import { strict as assert } from "assert";
import * as path from "path";
import { ROOT } from "./harness";

const collectFiles = require("mocha/lib/cli/collect-files");
const { shards } = require("./mocha/shards");
const base = require("../.mocharc.json");

/** The files mocha runs under a config, found by mocha's own file collection, relative to the root. */
function filesOf(config: { spec: string[]; ignore?: string[]; extension: string[] }): string[] {
    const cwd = process.cwd();
    try {
        process.chdir(ROOT);
        const { files } = collectFiles({ spec: config.spec, ignore: config.ignore ?? [], extension: config.extension, file: [], recursive: false, sort: false });
        return files.map((f: string) => path.relative(ROOT, f)).sort();
    } finally {
        process.chdir(cwd);
    }
}

describe("npm test's two mocha shares (test/mocha/shards.js)", () => {
    it("together run every file .mocharc.json runs, each exactly once", () => {
        const all = filesOf(base);
        const pack = filesOf(shards["policy-pack"]);
        const rest = filesOf(shards.rest);
        assert.ok(all.length > 100 && pack.length > 40 && rest.length > 40, `${all.length} = ${pack.length} + ${rest.length}`);
        assert.deepEqual(pack.filter((f) => rest.includes(f)), [], "in both shares");
        assert.deepEqual([...pack, ...rest].sort(), all);
    });

    it("keeps every file coverage.test's check needs in the share that runs it", () => {
        const pack = filesOf(shards["policy-pack"]);
        assert.ok(pack.includes(path.join("test", "policy-pack", "coverage.test.ts")));
        assert.ok(pack.includes(path.join("test", "policy-pack", "publish.test.ts")));
        const specs = filesOf({ ...base, spec: ["policy-pack/policies/**/*.spec.ts"] });
        assert.ok(specs.length > 40, `${specs.length} specs`);
        for (const spec of specs) assert.ok(pack.includes(spec), spec);
    });

    it("gives both shares .mocharc.json's settings", () => {
        for (const shard of Object.values(shards) as any[]) {
            for (const key of ["require", "extension", "timeout", "exit", "reporter", "node-option"]) assert.deepEqual(shard[key], base[key], key);
        }
    });
});
