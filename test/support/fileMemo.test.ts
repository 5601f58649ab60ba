import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { listFiles, memoisedOnFiles } from "./fileMemo";

describe("test support: a value memoised on the files it was computed from", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "file-memo-"));
    const cache = path.join(dir, "cache");
    const a = path.join(dir, "a.txt");
    const b = path.join(dir, "sub", "b.txt");
    let computed = 0;
    /** Concatenates both files, as a compiler's answer depends on what it read. */
    const compute = () => {
        computed++;
        return { value: [a, b].map((f) => fs.readFileSync(f, "utf8")).join("+"), files: [a, b] };
    };
    const memo = (salt = "v1") => memoisedOnFiles("concat", salt, compute, cache);

    it("computes once, then reuses the value while no file changed", () => {
        fs.mkdirSync(path.dirname(b), { recursive: true });
        fs.writeFileSync(a, "one");
        fs.writeFileSync(b, "two");
        assert.deepEqual(memo(), { value: "one+two", fromCache: false });
        assert.deepEqual(memo(), { value: "one+two", fromCache: true });
        assert.equal(computed, 1);
    });

    it("computes again when a file's content changes, even to the same size, and when one is gone", () => {
        fs.writeFileSync(b, "TWO");
        assert.deepEqual(memo(), { value: "one+TWO", fromCache: false });
        fs.rmSync(b);
        assert.throws(() => memo(), /ENOENT/, "the computation itself fails without the file: nothing stale is served");
        fs.writeFileSync(b, "two");
        assert.deepEqual(memo(), { value: "one+two", fromCache: false });
    });

    it("computes again when the salt changes, and when the entry is unreadable", () => {
        assert.equal(memo("v2").fromCache, false);
        assert.equal(memo("v2").fromCache, true);
        fs.writeFileSync(path.join(cache, "concat.json"), "{ half an ent");
        assert.deepEqual(memo("v2"), { value: "one+two", fromCache: false });
    });

    it("lists the files under a directory, sorted, skipping the named directories", () => {
        fs.mkdirSync(path.join(dir, "dist"), { recursive: true });
        fs.writeFileSync(path.join(dir, "dist", "c.js"), "");
        assert.deepEqual(
            listFiles(dir, ["dist", "cache"]).map((f) => path.relative(dir, f)),
            ["a.txt", path.join("sub", "b.txt")],
        );
    });
});
