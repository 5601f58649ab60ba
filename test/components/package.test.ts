import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { assertBuildIsCurrent } from "../../components/buildFreshness";
import { ROOT, inlineRun } from "../harness";
import { cliTypeScript } from "../../tools/offline/pulumiCli";
import { cachedEntry, npmVersion, runNpm } from "../support/publishedPack";

/**
 * The components as a stranger gets them: `npm pack` of the workspace package, the tarball installed into
 * an empty program directory, and a TypeScript program there run by the ts-node the Pulumi CLI would use
 * (which never compiles anything under node_modules: the package must ship JavaScript). Offline: zod comes
 * from this repository as a `file:` dependency, and the peers (@pulumi/*) are linked in from this
 * repository's node_modules, as a program that already depends on them has them.
 */

const COMPONENTS = path.join(ROOT, "components");
const FIXTURE = path.join(ROOT, "test", "fixtures", "package-consumer");
const LINKED = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/awsx", "@pulumi/random", "@types/node"];

interface Packed {
    filename: string;
    name: string;
    version: string;
    files: Array<{ path: string }>;
}
interface ConsumerReport {
    defaultBuildspec: string;
    rejected: string;
    resolved: string;
    registered: Array<{ type: string; name: string; inputs: any }>;
}

/** Where the consumer's install is kept between runs: outside any node_modules, one folder per checkout. */
const CONSUMER_CACHE = path.join(os.tmpdir(), `mlplatform-package-consumer-${crypto.createHash("sha256").update(ROOT).digest("hex").slice(0, 12)}`);
const INSTALL_ARGS = ["--offline", "--legacy-peer-deps", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock"];

/**
 * An empty program directory (its package.json depends on zod only) after `npm install <tarball>`. The
 * install is reused while everything that determines it is the same: the tarball's bytes (`npm pack` gives
 * the same bytes for the same files), the install's arguments and package.json, zod's folder, node and npm
 * (cachedEntry of test/support/publishedPack.ts: built aside, never reused unfinished). It was a third of this file's CPU
 * (0.9 s of npm); the tarball is packed, and the program run in it, every time.
 */
function installedConsumer(tarball: string): string {
    const zod = fs.realpathSync(path.join(ROOT, "node_modules", "zod"));
    const packageJson = JSON.stringify({ name: "consumer", version: "1.0.0", private: true, dependencies: { zod: `file:${zod}` } });
    const key = crypto.createHash("sha256");
    for (const part of [packageJson, JSON.stringify(INSTALL_ARGS), process.version, npmVersion(), `${process.platform}-${process.arch}`]) key.update(`${part}\0`);
    key.update(fs.readFileSync(tarball));
    const { entry } = cachedEntry(CONSUMER_CACHE, key.digest("hex").slice(0, 32), (building) => {
        const dir = path.join(building, "consumer");
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "package.json"), packageJson);
        runNpm(["install", tarball, ...INSTALL_ARGS], dir);
    });
    return path.join(entry, "consumer");
}

/** The package's compiled files a source file should have, e.g. `dist/args.js` for `args.ts`. */
function componentSources(dir = COMPONENTS): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (e.isDirectory()) return ["dist", "node_modules", "buildspecs"].includes(e.name) ? [] : componentSources(path.join(dir, e.name));
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path.relative(COMPONENTS, path.join(dir, e.name))] : [];
    });
}

describe("@mlplatform/components as an installed package", function () {
    this.timeout(180_000);
    let work: string;
    let packed: Packed;
    let consumer: string;
    let report: ConsumerReport;

    before(() => {
        assertBuildIsCurrent(path.join(COMPONENTS, "dist")); // the tarball must hold the current build
        work = fs.mkdtempSync(path.join(os.tmpdir(), "components-package-"));
        [packed] = JSON.parse(runNpm(["pack", "--json", "--ignore-scripts", "--pack-destination", work], COMPONENTS)) as Packed[];

        consumer = installedConsumer(path.join(work, packed.filename));
        for (const name of LINKED) {
            const link = path.join(consumer, "node_modules", ...name.split("/"));
            fs.mkdirSync(path.dirname(link), { recursive: true });
            fs.rmSync(link, { force: true });
            fs.symlinkSync(fs.realpathSync(path.join(ROOT, "node_modules", ...name.split("/"))), link, "dir");
        }
        for (const f of fs.readdirSync(consumer)) if (!["node_modules", "package.json"].includes(f)) fs.rmSync(path.join(consumer, f), { recursive: true });
        for (const f of fs.readdirSync(FIXTURE)) fs.copyFileSync(path.join(FIXTURE, f), path.join(consumer, f));

        // The ts-node the Pulumi CLI runs this consumer's TypeScript with (its SDK's choice: a project's own
        // ts-node, else the one it vendors), transpiling only (the CLI's mode with PULUMI_NODEJS_TRANSPILE_ONLY):
        // the package's .d.ts are type-checked by `npm run typecheck`, where stacks/ import the package.
        const { tsnodeRequire, typescriptRequire } = cliTypeScript(consumer);
        const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PULUMI_") && !k.startsWith("TS_NODE_")));
        const start = `require(${JSON.stringify(tsnodeRequire)}).register({ transpileOnly: true, compiler: ${JSON.stringify(typescriptRequire)} }); require("./main.ts");`;
        const out = execFileSync(process.execPath, ["-e", start], { cwd: consumer, encoding: "utf8", env });
        report = JSON.parse(out);
    });
    after(() => work && fs.rmSync(work, { recursive: true, force: true }));

    it("the tarball holds the compiled package and its buildspecs: JavaScript, declarations and source maps, no sources, tests or program", () => {
        const files = packed.files.map((f) => f.path).sort();
        assert.equal(packed.name, "@mlplatform/components");
        assert.deepEqual(
            files.filter((f) => !/^dist\/.+\.(js|js\.map|d\.ts)$/.test(f)),
            ["CHANGELOG.md", "package.json", "provider/PulumiPlugin.yaml", "provider/fieldDocs.json", "provider/package.json", ...fs.readdirSync(path.join(COMPONENTS, "buildspecs")).map((f) => `buildspecs/${f}`)].sort(),
        );
        for (const source of componentSources()) {
            const base = `dist/${source.replace(/\.ts$/, "")}`;
            for (const ext of [".js", ".d.ts", ".js.map"]) assert.ok(files.includes(base + ext), `${base}${ext} missing from the tarball`);
        }
        assert.ok(!files.some((f) => /(^|\/)(test|stacks|tools|policy-pack)\//.test(f) || f.endsWith(".tsbuildinfo")));
    });

    it("a TypeScript program imports it from node_modules and runs under the Pulumi CLI's ts-node", () => {
        const installed = path.join(fs.realpathSync(consumer), "node_modules", "@mlplatform", "components");
        assert.equal(report.resolved, path.join(installed, "dist", "index.js"));
        assert.equal(report.defaultBuildspec, path.join(installed, "buildspecs", "training-image.yml"));
        // The plugin directory for `pulumi package add` runs the installed provider (resolved, not started).
        assert.equal(require.resolve(path.join(installed, "provider")), path.join(installed, "dist", "provider", "main.js"));
    });

    it("registers the components' resources: the same set as the package in this repository", async () => {
        const types = report.registered.map((r) => r.type);
        for (const t of ["RetrainPipeline", "RetrainPipelineImageBuild", "RetrainPipelineCompute", "RetrainPipelineOrchestration", "RetrainPipelineAlerts"]) {
            assert.equal(types.filter((x) => x === `mlplatform:components:${t}`).length, 1, t);
        }
        assert.equal(types.filter((x) => x === "aws:ecs/taskDefinition:TaskDefinition").length, 4);
        assert.equal(types.filter((x) => x === "aws:s3/bucket:Bucket").length, 1);
        for (const t of ["aws:codebuild/project:Project", "aws:sfn/stateMachine:StateMachine", "aws:scheduler/schedule:Schedule", "aws:s3/bucketPolicy:BucketPolicy"]) assert.ok(types.includes(t), t);

        const { build } = require(path.join(FIXTURE, "program.ts"));
        const here = await inlineRun(() => build());
        const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
        const inRepo = here.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:")).map(key).sort();
        assert.deepEqual(report.registered.map(key).sort(), inRepo);
        assert.ok(inRepo.length >= 60, `${inRepo.length} resources`);
    });

    it("reads the buildspec shipped in the installed package", () => {
        const project = report.registered.find((r) => r.type === "aws:codebuild/project:Project")!;
        const shipped = fs.readFileSync(report.defaultBuildspec, "utf8");
        assert.equal(project.inputs.source.buildspec, shipped);
        assert.equal(shipped, fs.readFileSync(path.join(COMPONENTS, "buildspecs", "training-image.yml"), "utf8"));
        assert.match(shipped, /^version: 0\.2/m);
    });

    it("rejects bad arguments with one ComponentArgsError listing every bad field, before any child resource", () => {
        assert.match(report.rejected, /^MlDataBucket bad-bucket: invalid arguments \(2 problems\)/);
        assert.match(report.rejected, /noncurrentVersionExpirationDays: found 0; allowed: a whole number of days from 1 to 3650/);
        assert.match(report.rejected, /forceDestroy: found true; allowed: false when protect is true/);
        assert.deepEqual(report.registered.filter((r) => r.name.startsWith("bad-bucket-")), []);
    });
});
