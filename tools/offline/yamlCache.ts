import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { writeCacheEntry } from "./cacheFile";

/**
 * YAML parsed by the `yaml` library, each text's result kept on disk as JSON. Every plan reads Pulumi.yaml
 * and Pulumi.<stack>.yaml (a few kB that rarely change); loading the library and parsing them cold costs
 * 40-60 ms of CPU on Node 20, while the JSON of a parse seen before reads in well under a millisecond, and
 * then the library is not loaded at all. Keyed by the library's version and the text, so any change of
 * either parses afresh. Only a result JSON keeps exactly (no NaN, infinity or -0) from a text the library
 * parsed without warnings is kept: a cached read gives the value the library gives, and a text with
 * warnings or errors is parsed each time, so they are reported (or thrown) as before.
 */

const DEFAULT_CACHE_DIR = path.join(__dirname, "..", "..", "node_modules", ".cache", "mlplatform-yaml");

export class YamlCache {
    private libraryVersion?: string;

    /** `dir`: where parses are kept (default node_modules/.cache/mlplatform-yaml). */
    constructor(private readonly dir: string = DEFAULT_CACHE_DIR) {}

    /** What `YAML.parse(text)` answers, from the cache when this text was parsed before. */
    parse(text: string): unknown {
        this.libraryVersion ??= (require("yaml/package.json") as { version: string }).version;
        const key = crypto.createHash("sha1").update(`${this.libraryVersion}\0${text}`).digest("hex");
        const file = path.join(this.dir, `${key}.json`);
        try {
            return JSON.parse(fs.readFileSync(file, "utf8"));
        } catch {
            // Not cached yet (or an unreadable entry, replaced below).
        }
        const YAML = require("yaml") as typeof import("yaml");
        // YAML.parse is parseDocument, then its warnings reported and its first error thrown, then toJS. A text
        // with neither needs only the one parse; one with either goes through YAML.parse, so the library reports
        // or throws as before, and is never kept.
        const doc = YAML.parseDocument(text);
        if (doc.warnings.length > 0 || doc.errors.length > 0) return YAML.parse(text);
        const value = doc.toJS();
        const json = JSON.stringify(value);
        if (json !== undefined && isDeepStrictEqual(JSON.parse(json), value)) writeCacheEntry(file, json);
        return value;
    }
}

/** The cache the offline plan reads its stack files through. */
export const stackFileYaml = new YamlCache();
