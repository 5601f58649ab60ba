import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { ROOT } from "../../harness";
import { YamlCache } from "../../../tools/offline/yamlCache";

/** What the library itself answers, as text that shows key order too. */
const parsedByLibrary = (text: string) => YAML.parse(text);

/**
 * tools/offline/yamlCache.ts: the stack files' parse is kept on disk as JSON, so a plan that read them before
 * neither loads `yaml` nor parses. A cached read must answer exactly what the library answers.
 */
describe("YAML parses cached on disk (stack files)", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "yaml-cache-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const stackFiles = ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "programs/model-endpoint/Pulumi.sample.yaml"].map((f) => fs.readFileSync(path.join(ROOT, f), "utf8"));

    it("answers the library's value, keys in the same order, cold and then from the cache", () => {
        const texts = [...stackFiles, "config:\n  b: 1\n  a: [x, {z: 2, '10': 3, '9': null}]\n  c: 'yes'\n  d: on\n  e: 0x1f\n", "", "# only a comment\n", "- 1\n- two\n"];
        const cold = texts.map((t) => new YamlCache(dir).parse(t));
        const files = fs.readdirSync(dir);
        assert.equal(files.length, new Set(texts).size, "each text kept once");
        const warm = texts.map((t) => new YamlCache(dir).parse(t));
        texts.forEach((t, i) => {
            const expected = parsedByLibrary(t);
            assert.deepStrictEqual(cold[i], expected);
            assert.deepStrictEqual(warm[i], expected);
            assert.equal(JSON.stringify(warm[i]), JSON.stringify(expected), "same key order");
        });
    });

    it("reads a cached entry instead of parsing, and parses again over an unreadable one", () => {
        const cache = new YamlCache(dir);
        cache.parse("a: 1\n");
        const [entry] = fs.readdirSync(dir);
        fs.writeFileSync(path.join(dir, entry), JSON.stringify({ a: "from the cache" }));
        assert.deepEqual(new YamlCache(dir).parse("a: 1\n"), { a: "from the cache" }, "the entry is what a warm run reads");
        fs.writeFileSync(path.join(dir, entry), "{ not json");
        assert.deepEqual(new YamlCache(dir).parse("a: 1\n"), { a: 1 });
        assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, entry), "utf8")), { a: 1 }, "the unreadable entry is replaced");
    });

    it("parses a new text once, and a cached one not at all", () => {
        const library = require("yaml") as Record<"parse" | "parseDocument", (...args: unknown[]) => unknown>;
        const calls: string[] = [];
        const originals = { parse: library.parse, parseDocument: library.parseDocument };
        for (const name of ["parse", "parseDocument"] as const) {
            library[name] = (...args: unknown[]) => (calls.push(name), originals[name](...args));
        }
        try {
            assert.deepEqual(new YamlCache(dir).parse("a: [1, 2]\n"), { a: [1, 2] });
            assert.deepEqual(calls, ["parseDocument"], "a miss parses once");
            calls.length = 0;
            assert.deepEqual(new YamlCache(dir).parse("a: [1, 2]\n"), { a: [1, 2] });
            assert.deepEqual(calls, [], "a hit does not parse");
        } finally {
            Object.assign(library, originals);
        }
    });

    it("keeps no value JSON would change (NaN, infinity, -0)", () => {
        for (const t of ["a: .nan\n", "a: .inf\n", "a: -0\n"]) assert.deepStrictEqual(new YamlCache(dir).parse(t), parsedByLibrary(t), t);
        assert.deepEqual(fs.readdirSync(dir), [], "nothing kept");
    });

    it("keeps no text the library warns about, so each run still reports its warnings", () => {
        const warnings: string[] = [];
        const emitWarning = process.emitWarning;
        process.emitWarning = ((w: string | Error) => void warnings.push(String(w))) as typeof process.emitWarning;
        try {
            for (let run = 0; run < 2; run++) assert.deepEqual(new YamlCache(dir).parse("%FOO bar\n---\na: 1\n"), { a: 1 });
        } finally {
            process.emitWarning = emitWarning;
        }
        assert.equal(warnings.length, 2, warnings.join("\n"));
        assert.match(warnings[1], /Unknown directive %FOO/);
        assert.deepEqual(fs.readdirSync(dir), [], "nothing kept");
    });

    it("throws the library's error for invalid YAML, every time", () => {
        const text = "a: [1, 2\nb: 3\n";
        const expected = (() => {
            try {
                YAML.parse(text);
            } catch (err) {
                return (err as Error).message;
            }
            return "no error";
        })();
        assert.notEqual(expected, "no error");
        for (let i = 0; i < 2; i++) assert.throws(() => new YamlCache(dir).parse(text), (err: Error) => err.message === expected);
    });

    it("still parses when the cache cannot be written (read-only checkout)", () => {
        const notADirectory = path.join(dir, "file");
        fs.writeFileSync(notADirectory, "");
        assert.deepEqual(new YamlCache(path.join(notADirectory, "cache")).parse("a: [1]\n"), { a: [1] });
    });
});
