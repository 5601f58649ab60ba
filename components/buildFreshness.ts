import * as fs from "fs";
import * as path from "path";

/** What `tsc -b` writes last in a build, and touches even when only timestamps needed updating. */
const BUILD_INFO = path.join("dist", "tsconfig.tsbuildinfo");

/** The newest modification time among a source checkout's inputs of the build (TypeScript files, tsconfig.json). */
function newestInput(dir: string): { file: string; mtimeMs: number } | undefined {
    let newest: { file: string; mtimeMs: number } | undefined;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        let found: { file: string; mtimeMs: number } | undefined;
        if (entry.isDirectory()) {
            if (entry.name === "dist" || entry.name === "node_modules") continue;
            found = newestInput(full);
        } else if (entry.name.endsWith(".ts") || entry.name === "tsconfig.json") {
            found = { file: full, mtimeMs: fs.statSync(full).mtimeMs };
        }
        if (found && (!newest || found.mtimeMs > newest.mtimeMs)) newest = found;
    }
    return newest;
}

/**
 * When this package runs compiled (dist/) inside a source checkout (its TypeScript sources beside dist/,
 * as in the repository that develops it, never in an installed tarball), fails if a source changed after
 * the last build: a program or test must never run old compiled code without saying so.
 * @param compiledDir the directory of the running compiled entry file (its `__dirname`).
 */
export function assertBuildIsCurrent(compiledDir: string): void {
    const root = path.dirname(compiledDir);
    if (path.basename(compiledDir) !== "dist" || !fs.existsSync(path.join(root, "tsconfig.json")) || !fs.existsSync(path.join(root, "index.ts"))) return;
    const built = fs.statSync(path.join(root, BUILD_INFO), { throwIfNoEntry: false });
    const newest = newestInput(root);
    if (built && (!newest || newest.mtimeMs <= built.mtimeMs)) return;
    const why = built ? `${path.relative(root, newest!.file)} changed after the last build` : `${BUILD_INFO} is missing`;
    throw new Error(
        `@mlplatform/components: the compiled package in ${compiledDir} is out of date (${why}). ` +
            `Build it with \`npm run build:components\` (or \`npx tsc -b ${path.relative(process.cwd(), root) || "."}\`) and run again.`,
    );
}
