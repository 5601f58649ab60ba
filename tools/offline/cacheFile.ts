import * as fs from "fs";
import * as path from "path";
import { threadId } from "worker_threads";

/**
 * Writes a cache entry so that no reader ever sees half of it: the text goes to a file of this process and
 * thread first, then is renamed over the entry (atomic on one file system), so parallel runs that fill the
 * same cache each read a whole entry, theirs or another's. A cache is an optimisation: when it cannot be
 * written (a read-only checkout), the run goes on without it.
 */
export function writeCacheEntry(file: string, text: string): void {
    const partial = `${file}.${process.pid}.${threadId}`;
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(partial, text);
        fs.renameSync(partial, file);
    } catch {
        try {
            fs.rmSync(partial, { force: true });
        } catch {
            // Nothing was written: the directory itself could not be made or entered.
        }
    }
}
