import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { writeCacheEntry } from "../../tools/offline/cacheFile";

/** Where test results derived from files are kept between runs (beside register.js's and eslint's caches). */
export const TEST_CACHE_DIR = path.join(__dirname, "..", "..", "node_modules", ".cache", "mlplatform-test");

interface Entry<T> {
    salt: string;
    /** Every file the value was computed from, with the SHA-1 of its content then. */
    files: Record<string, string>;
    value: T;
}

function sha1(data: string | Buffer): string {
    return crypto.createHash("sha1").update(data).digest("hex");
}

/** The SHA-1 of a file's content, or "" for a file that is gone. */
export function fileHash(file: string): string {
    try {
        return sha1(fs.readFileSync(file));
    } catch {
        return "";
    }
}

/**
 * A value computed from files (e.g. what the TypeScript compiler reads from a program's sources), kept on
 * disk with the content hash of every file `compute` says it read: later runs reuse it while the salt (what
 * else it depends on: the computing code, tool versions) and every one of those files are unchanged, and
 * compute it again otherwise. Only for deterministic computations of those files.
 */
export function memoisedOnFiles<T>(name: string, salt: string, compute: () => { value: T; files: string[] }, dir = TEST_CACHE_DIR): { value: T; fromCache: boolean } {
    const file = path.join(dir, `${name}.json`);
    try {
        const entry = JSON.parse(fs.readFileSync(file, "utf8")) as Entry<T>;
        if (entry.salt === salt && Object.entries(entry.files).every(([f, hash]) => fileHash(f) === hash)) return { value: entry.value, fromCache: true };
    } catch {
        // No entry yet, or an unreadable one: compute.
    }
    const { value, files } = compute();
    const entry: Entry<T> = { salt, files: Object.fromEntries(files.map((f) => [f, fileHash(f)])), value };
    writeCacheEntry(file, JSON.stringify(entry));
    return { value, fromCache: false };
}

/** Every file under `dir` (recursively), skipping the named directories: a salt part for "no file was added". */
export function listFiles(dir: string, skip: readonly string[] = ["node_modules", "dist"]): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((d) => (d.isDirectory() ? (skip.includes(d.name) ? [] : listFiles(path.join(dir, d.name), skip)) : [path.join(dir, d.name)]))
        .sort();
}

/** The SHA-1 of some strings, for a salt. */
export function saltOf(...parts: string[]): string {
    return sha1(parts.join("\0"));
}
