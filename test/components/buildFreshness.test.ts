import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { assertBuildIsCurrent } from "../../components/buildFreshness";

/** A package directory laid out like components/: sources, tsconfig.json, and a dist/ with its build info. */
function checkout(files: Record<string, number>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "freshness-"));
    for (const [file, secondsAgo] of Object.entries(files)) {
        const full = path.join(dir, file);
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.writeFileSync(full, "");
        const at = Date.now() / 1000 - secondsAgo;
        fs.utimesSync(full, at, at);
    }
    return dir;
}

describe("components: compiled package never older than its sources (buildFreshness)", () => {
    const dirs: string[] = [];
    const make = (files: Record<string, number>) => {
        const dir = checkout(files);
        dirs.push(dir);
        return dir;
    };
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("passes when the build is newer than every source", () => {
        const dir = make({ "index.ts": 100, "tsconfig.json": 100, "a/b.ts": 50, "dist/index.js": 10, "dist/tsconfig.tsbuildinfo": 10 });
        assertBuildIsCurrent(path.join(dir, "dist"));
    });

    it("fails naming the source changed after the build, and the command that rebuilds", () => {
        const dir = make({ "index.ts": 100, "tsconfig.json": 100, "retrainPipeline/args.ts": 5, "dist/tsconfig.tsbuildinfo": 10 });
        assert.throws(() => assertBuildIsCurrent(path.join(dir, "dist")), /out of date \(retrainPipeline\/args\.ts changed after the last build\).*npm run build:components/);
    });

    it("counts a changed tsconfig.json, and ignores files under dist/ and node_modules/", () => {
        const changedConfig = make({ "index.ts": 100, "tsconfig.json": 1, "dist/tsconfig.tsbuildinfo": 10 });
        assert.throws(() => assertBuildIsCurrent(path.join(changedConfig, "dist")), /tsconfig\.json changed/);
        const ignored = make({ "index.ts": 100, "tsconfig.json": 100, "dist/index.d.ts": 1, "node_modules/x/y.ts": 1, "dist/tsconfig.tsbuildinfo": 10 });
        assertBuildIsCurrent(path.join(ignored, "dist"));
    });

    it("fails when a checkout has sources but no build info", () => {
        const dir = make({ "index.ts": 100, "tsconfig.json": 100, "dist/index.js": 10 });
        assert.throws(() => assertBuildIsCurrent(path.join(dir, "dist")), /tsconfig\.tsbuildinfo is missing/);
    });

    it("says nothing for an installed package (no sources beside dist/) or when running from the sources", () => {
        const installed = make({ "package.json": 100, "dist/index.js": 200 });
        assertBuildIsCurrent(path.join(installed, "dist"));
        const sources = make({ "index.ts": 1, "tsconfig.json": 1 });
        assertBuildIsCurrent(sources);
    });

    it("holds for this repository's own build (npm test builds it first)", () => {
        assertBuildIsCurrent(path.join(__dirname, "..", "..", "components", "dist"));
    });
});
