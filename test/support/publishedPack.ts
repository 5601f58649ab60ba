import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * The policy pack as a member's Pulumi CLI gets it, for publish.test: the tarball `pulumi policy publish`
 * uploads (`npm pack` of the folder after `npm run build`), unpacked, with `npm install` of
 * its package.json (no lockfile: the newest versions the ranges allow). The CLI's entry then serves the
 * compiled pack; a pack composed from ours compiles our TypeScript with the SDK's vendored ts-node 7, which
 * type-checks each file and keeps the output in a cache keyed by the compiler, the tsconfig as parsed (its
 * absolute path included) and the file's text.
 *
 * Three things are reused between test runs, each only for the inputs that determine it:
 * - The install (~150 MB; it was 60-75% of publish.test's time), keyed by the package.json's bytes, the node
 *   and npm versions, the platform, and the UTC day, because the registry's answer to the same ranges
 *   changes as versions are published (so at most a day behind the registry; CI machines start without it).
 *   It is built in a temporary folder and renamed into place only after npm succeeded, so an interrupted or
 *   failed install is never reused.
 * - The tarball (a full type check and build of the pack and `npm pack`, ~5 s of CPU), inside the install's
 *   folder and named after a hash of the pack's sources: any edit of the pack packs it again.
 * - ts-node's cache, in a folder named after a hash of the unpacked sources and inside the install's folder:
 *   the copy goes to the same path every run, so a file's compiled output is reused only while the pack's
 *   sources, its tsconfig and the install are all unchanged. ts-node writes a file's output only after it
 *   compiled without errors.
 *
 * It all lives in the system's temporary folder, as the uncached copy did, not under this repository's
 * node_modules/.cache: Node looks for a package in every node_modules above the requiring file, so from
 * there the pack would find the repository's packages where a member's install has none. One folder per
 * checkout, so checkouts never prune each other's; two test runs at once in the same checkout would share
 * the copy's path (not supported).
 */
export const PACK_INSTALL_CACHE = path.join(
    os.tmpdir(),
    `mlplatform-pack-install-${crypto.createHash("sha256").update(path.resolve(__dirname, "..", "..")).digest("hex").slice(0, 12)}`,
);

/** Marker written last into a finished install. */
const COMPLETE = ".mlplatform-install-complete";

export interface InstallKeyInputs {
    packageJson: string | Buffer;
    nodeVersion: string;
    npmVersion: string;
    platform: string;
    /** Any moment of the UTC day the install is for. */
    now: Date;
}

/** The cache key of an install: every input that changes what `npm install` puts into node_modules. */
export function packInstallKey(inputs: InstallKeyInputs): string {
    const hash = crypto.createHash("sha256");
    for (const part of [inputs.nodeVersion, inputs.npmVersion, inputs.platform, inputs.now.toISOString().slice(0, 10)]) hash.update(`${part}\0`);
    hash.update(inputs.packageJson);
    return hash.digest("hex").slice(0, 32);
}

/** Runs npm in `cwd`, with the test run's environment, and returns what it printed; fails with npm's own error output and exit code. */
export function runNpm(args: string[], cwd: string): string {
    const run = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", args, { cwd, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`npm ${args.join(" ")} in ${cwd} failed (exit ${run.status ?? run.error?.message}):\n${run.stderr}`);
    return run.stdout;
}

let npmVersionOfThisRun: string | undefined;

/** The version of the npm that installs (asked once per process: each `npm --version` costs ~0.3 s). */
export function npmVersion(): string {
    if (npmVersionOfThisRun === undefined) {
        npmVersionOfThisRun = runNpm(["--version"], process.cwd()).trim();
    }
    return npmVersionOfThisRun;
}

export interface PackInstall {
    /** The installed node_modules folder, to link into copies of the pack. */
    nodeModules: string;
    /** false when an install for the same key was reused. */
    installed: boolean;
}

/**
 * The node_modules `npm install` gives `packDir`'s package.json (the pack has no install scripts, so its
 * sources play no part), from the cache when the key matches.
 */
export function installPackDependencies(packDir: string, cacheRoot = PACK_INSTALL_CACHE, now = new Date()): PackInstall {
    const packageJson = fs.readFileSync(path.join(packDir, "package.json"));
    const key = packInstallKey({ packageJson, nodeVersion: process.version, npmVersion: npmVersion(), platform: `${process.platform}-${process.arch}`, now });
    const { entry, built } = cachedEntry(cacheRoot, key, (building) => {
        fs.writeFileSync(path.join(building, "package.json"), packageJson);
        try {
            runNpm(["install", "--no-audit", "--no-fund", "--loglevel=error"], building);
        } catch (err) {
            throw new Error(`npm install of ${path.join(packDir, "package.json")} failed: ${(err as Error).message}`);
        }
    });
    return { nodeModules: path.join(entry, "node_modules"), installed: built };
}

/**
 * The folder `cacheRoot`/`key`, made by `build` unless a finished one is there. `build` fills a temporary
 * folder, renamed into place only after it returned, with the completion marker written last, so an
 * interrupted or failed build is never reused; other keys' entries are dropped first (one entry per root).
 */
export function cachedEntry(cacheRoot: string, key: string, build: (building: string) => void): { entry: string; built: boolean } {
    const entry = path.join(cacheRoot, key);
    if (fs.existsSync(path.join(entry, COMPLETE))) return { entry, built: false };

    fs.mkdirSync(cacheRoot, { recursive: true });
    pruneOtherInstalls(cacheRoot, key);
    fs.rmSync(entry, { recursive: true, force: true }); // not finished: never used
    const building = fs.mkdtempSync(path.join(cacheRoot, `${key}.building-`));
    try {
        build(building);
        fs.writeFileSync(path.join(building, COMPLETE), `${key}\n`);
        try {
            fs.renameSync(building, entry);
        } catch (e) {
            // Another run finished the same entry first: use its copy.
            if (!fs.existsSync(path.join(entry, COMPLETE))) throw e;
        }
    } finally {
        fs.rmSync(building, { recursive: true, force: true });
    }
    return { entry, built: true };
}

/** Drops installs for other keys (each is ~150 MB) and builds abandoned over an hour ago. */
function pruneOtherInstalls(cacheRoot: string, key: string): void {
    for (const name of fs.readdirSync(cacheRoot)) {
        const full = path.join(cacheRoot, name);
        const abandoned = name.includes(".building-") && Date.now() - fs.statSync(full).mtimeMs > 3_600_000;
        if (abandoned || (!name.includes(".building-") && name !== key)) fs.rmSync(full, { recursive: true, force: true });
    }
}

/**
 * Makes `into`/node_modules a real folder whose entries (scoped packages one by one) are links to the
 * installed ones, so a test can add its own entries without touching the shared install. Node and
 * TypeScript resolve the links to the installed files, where each package finds its own dependencies.
 */
export function linkInstalledDependencies(nodeModules: string, into: string): void {
    const target = path.join(into, "node_modules");
    fs.mkdirSync(target);
    for (const name of fs.readdirSync(nodeModules)) {
        if (!name.startsWith("@")) {
            fs.symlinkSync(path.join(nodeModules, name), path.join(target, name));
            continue;
        }
        fs.mkdirSync(path.join(target, name));
        for (const scoped of fs.readdirSync(path.join(nodeModules, name))) {
            fs.symlinkSync(path.join(nodeModules, name, scoped), path.join(target, name, scoped));
        }
    }
}

export interface PublishedCopy {
    /** The pack as `npm pack` ships it (what `pulumi policy publish` uploads), with node_modules linked to the install. */
    dir: string;
    /** For the CLI entry's environment: where its ts-node keeps compiled files for these sources. */
    tsNodeCacheDirectory: string;
    /** false when an install for the same key was reused. */
    installed: boolean;
    /** false when the tarball of the same sources was reused. */
    packed: boolean;
}

/** Folders of a pack that are not its sources: what npm installs, and what its build writes. */
const NOT_SOURCES = new Set(["node_modules", "bin"]);
/** Whether `rel`, a path inside a pack, is in one of its top-level NOT_SOURCES folders (a policies/bin/ is a source). */
const notSource = (rel: string) => NOT_SOURCES.has(rel.split(path.sep)[0]);

/** Copies the pack in `packDir` to `into` without node_modules and bin: its sources, as a clean checkout has them. */
export function copyPackSources(packDir: string, into: string): void {
    fs.cpSync(packDir, into, { recursive: true, filter: (src) => !notSource(path.relative(packDir, src)) });
}

/** A hash of every file under `dir` but node_modules and bin (the build's output): relative paths and contents. */
export function sourcesHash(dir: string): string {
    const hash = crypto.createHash("sha256");
    const walk = (sub: string): void => {
        for (const e of fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const rel = path.join(sub, e.name);
            if (e.isDirectory()) {
                if (!notSource(rel)) walk(rel);
            } else {
                hash.update(`${rel}\0`).update(fs.readFileSync(path.join(dir, rel))).update("\0");
            }
        }
    };
    walk("");
    return hash.digest("hex").slice(0, 32);
}

/**
 * The tarball `pulumi policy publish` uploads: the steps policy-pack/README.md gives (`npm run build`, that is
 * `node build.js`, then the publish), whose `npm pack` runs exactly as the CLI runs it (pulumi/pulumi
 * sdk/nodejs/npm/npm.go Pack: `npm pack --loglevel=error`, its whole standard output trimmed taken as the
 * tarball's name), so package.json's `files` decide what ships and anything npm adds to that output fails
 * here as it fails the CLI. The steps run
 * in a copy of the sources with the install linked in, never in `packDir`: the build would otherwise rewrite
 * the repository's policy-pack/bin while the other half of the suite serves the pack from it. The tarball is
 * kept in the install's folder (whose key covers the TypeScript that builds it), named after the sources.
 */
function packedTarball(packDir: string, entry: string, nodeModules: string): { tarball: string; packed: boolean } {
    const tarball = path.join(entry, `packed-${sourcesHash(packDir)}.tgz`);
    if (fs.existsSync(tarball)) return { tarball, packed: false };
    for (const name of fs.readdirSync(entry)) if (/^packed-.*\.tgz$/.test(name)) fs.rmSync(path.join(entry, name), { force: true });
    const staging = fs.mkdtempSync(path.join(entry, "staging-"));
    try {
        copyPackSources(packDir, staging);
        linkInstalledDependencies(nodeModules, staging);
        // `npm run build` is `node build.js` (publish.test checks the script); run directly, it spares an npm process.
        const build = spawnSync(process.execPath, ["build.js"], { cwd: staging, encoding: "utf8" });
        if (build.status !== 0) throw new Error(`node build.js in ${staging} failed (exit ${build.status ?? build.error?.message}):\n${build.stderr}`);
        const name = runNpm(["pack", "--loglevel=error"], staging).trim();
        if (!fs.existsSync(path.join(staging, name))) {
            throw new Error(`npm pack's standard output is not the tarball's name, so \`pulumi policy publish\` would fail ('npm pack' completed successfully but the package .tgz file was not generated): ${JSON.stringify(name)}`);
        }
        fs.renameSync(path.join(staging, name), tarball); // last: an interrupted pack leaves no tarball
    } finally {
        fs.rmSync(staging, { recursive: true, force: true });
    }
    return { tarball, packed: true };
}

/** Unpacks `packDir`'s `npm pack` tarball to the install's fixed copy path, afresh each time, and links the install in. */
export function copyPublishedPack(packDir: string, cacheRoot = PACK_INSTALL_CACHE, now = new Date()): PublishedCopy {
    const install = installPackDependencies(packDir, cacheRoot, now);
    const entry = path.dirname(install.nodeModules);
    const { tarball, packed } = packedTarball(packDir, entry, install.nodeModules);
    const dir = path.join(entry, "copy");
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    const untar = spawnSync("tar", ["-xzf", tarball, "-C", dir, "--strip-components=1"], { encoding: "utf8" });
    if (untar.status !== 0) throw new Error(`tar -xzf ${tarball} failed (exit ${untar.status ?? untar.error?.message}):\n${untar.stderr}`);
    linkInstalledDependencies(install.nodeModules, dir);
    const tsNodeCache = `ts-node-${sourcesHash(dir)}`;
    for (const name of fs.readdirSync(entry)) if (name.startsWith("ts-node-") && name !== tsNodeCache) fs.rmSync(path.join(entry, name), { recursive: true, force: true });
    return { dir, tsNodeCacheDirectory: path.join(entry, tsNodeCache), installed: install.installed, packed };
}
