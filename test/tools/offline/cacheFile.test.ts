import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeCacheEntry } from "../../../tools/offline/cacheFile";

describe("cache entries written whole", () => {
    it("writes the entry, creating its directory, and leaves no partial file beside it", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cache-entry-"));
        try {
            const file = path.join(dir, "nested", "entry.json");
            writeCacheEntry(file, '{"a":1}');
            writeCacheEntry(file, '{"a":2}');
            assert.equal(fs.readFileSync(file, "utf8"), '{"a":2}');
            assert.deepEqual(fs.readdirSync(path.dirname(file)), ["entry.json"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("goes on without the entry, and without a partial file, when it cannot be written", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cache-entry-"));
        try {
            // The entry's name is taken by a directory: the rename fails after the partial file was written.
            const file = path.join(dir, "entry.json");
            fs.mkdirSync(path.join(file, "occupied"), { recursive: true });
            assert.doesNotThrow(() => writeCacheEntry(file, "{}"));
            assert.deepEqual(fs.readdirSync(dir), ["entry.json"]);
            assert.ok(fs.statSync(file).isDirectory());
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
