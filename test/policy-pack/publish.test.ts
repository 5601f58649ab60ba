import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { policies } from "../../policy-pack/policies";
import { LocalPolicyPack } from "../../tools/offline/policyPack";
import { CliServedPack, servedThroughCli } from "../../tools/offline/pulumiCli";
import { POLICY_PACK, inlineRun, violations } from "../harness";
import { copyPublishedPack } from "../support/publishedPack";

/**
 * The pack as `pulumi policy publish` ships it and each member's CLI installs it: the tarball `npm pack` makes
 * of the policy-pack folder alone after `npm run build` (policy-pack/README.md, Publishing), unpacked out of the repository, installed
 * from the registry with its own package.json, and started through the entry the CLI runs (@pulumi/pulumi's
 * cmd/run-policy-pack, which registers ts-node and type-checks what it compiles). The install, the tarball and
 * ts-node's compiled files are reused by later runs only while everything that determines them is unchanged
 * (test/support/publishedPack.ts); the tarball is unpacked afresh every run.
 */
describe("the policy pack as published", function () {
    this.timeout(300_000);
    let dir: string;
    let tsNodeCacheDirectory: string;
    /** ts-node's cache for the pack's own start: empty, so what it holds afterwards is what that start compiled. */
    let ownStartTsNodeCache: string;
    const served: CliServedPack[] = [];
    let pack: LocalPolicyPack;

    before(async () => {
        ({ dir, tsNodeCacheDirectory } = copyPublishedPack(POLICY_PACK));
        ownStartTsNodeCache = fs.mkdtempSync(path.join(os.tmpdir(), "published-pack-ts-node-"));
        pack = await serve(dir, ownStartTsNodeCache);
    });

    after(async () => {
        // Waited for: a child's CPU is counted (test/support/fileTimingReporter.js reads the reaped children's)
        // once it has exited and been reaped; left running, it was charged to whichever test file ran next.
        await Promise.all(served.map((s) => s.stop()));
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
        if (ownStartTsNodeCache) fs.rmSync(ownStartTsNodeCache, { recursive: true, force: true });
    });

    /** Starts the pack in `packDir` as the CLI does (through the copy's own @pulumi/pulumi) and connects to it. */
    async function serve(packDir: string, tsNodeCache = tsNodeCacheDirectory): Promise<LocalPolicyPack> {
        const started = await servedThroughCli(packDir, { env: { TS_NODE_CACHE_DIRECTORY: tsNodeCache } });
        served.push(started);
        return started.pack;
    }

    it("ships the pack compiled, and its entry serves the build without compiling any TypeScript", () => {
        // A member's first `pulumi preview` after each release: about 0.7 s to the pack's first answer instead of
        // the 2.7-3.3 s of a type check with ts-node's cache empty (`npm run bench -- --sections cli`).
        // The only check that the build is what gets served: main.test checks the fallback to the TypeScript.
        const { compiledFrom } = JSON.parse(fs.readFileSync(path.join(dir, "bin", "compiled-from.json"), "utf8"));
        assert.ok(compiledFrom["index.ts"] && compiledFrom["tsconfig.json"] && compiledFrom["policies/index.ts"], "the build's record of its sources");
        const compiledFiles = fs.readdirSync(ownStartTsNodeCache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
        assert.deepEqual(compiledFiles.map((e) => e.name), [], "ts-node compiled nothing");
        // npm packs the folder as a workspace of the repository, so the root .gitignore (bin/) would leave the build
        // out; `files` puts it back. This copy is packed outside the repository, where no .gitignore applies.
        assert.ok(JSON.parse(fs.readFileSync(path.join(POLICY_PACK, "package.json"), "utf8")).files.includes("bin/"), "package.json files ships bin/");
        const specs = fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".spec.ts") && !String(f).split(path.sep).includes("node_modules"));
        assert.deepEqual(specs, [], "the policies' specs, which import the repository's test support, are not shipped");
    });

    it("is built for publishing by `npm run build`, as policy-pack/README.md says (the published copy ran build.js)", () => {
        const { scripts } = JSON.parse(fs.readFileSync(path.join(POLICY_PACK, "package.json"), "utf8"));
        assert.equal(scripts.build, "node build.js");
        assert.match(fs.readFileSync(path.join(POLICY_PACK, "README.md"), "utf8"), /\nnpm run build {2,}# build\.js[^\n]*\npulumi policy publish /);
    });

    it("installs its own dependencies, TypeScript included, so the SDK's vendored compiler is not needed", () => {
        for (const dep of ["@pulumi/policy", "@pulumi/pulumi", "typescript"]) assert.ok(fs.existsSync(path.join(dir, "node_modules", dep, "package.json")), dep);
    });

    it("has a tsconfig the SDK's fallback compiler (TypeScript 3.8) accepts", () => {
        const vendored = require(path.join(dir, "node_modules", "@pulumi", "pulumi", "vendor", "typescript@3.8.3", "typescript.js"));
        const read = vendored.readConfigFile(path.join(dir, "tsconfig.json"), vendored.sys.readFile);
        const parsed = vendored.parseJsonConfigFileContent(read.config, vendored.sys, dir);
        assert.deepEqual(parsed.errors.map((e: any) => vendored.flattenDiagnosticMessageText(e.messageText, "\n")), []);
    });

    it("serves every policy of the pack, with its severity, through the CLI's entry", () => {
        assert.equal(pack.name, "mlplatform-guardrails");
        assert.deepEqual(pack.policies.map((p) => [p.name, p.severity]).sort(), policies.map((p) => [p.name, p.severity]).sort());
    });

    it("judges a program exactly as the pack in the repository does", async () => {
        const run = await inlineRun(() => {
            new aws.s3.Bucket("open", { bucket: "open" });
            new aws.sqs.Queue("q", { sqsManagedSseEnabled: true });
        });
        await pack.configure({});
        const published = await pack.analyze(run);
        const local = await violations(run);
        assert.ok(published.some((v) => v.policy === "s3-bucket-public-access-block" && v.level === "mandatory"));
        assert.deepEqual(published, local);
    });

    it("lets another organisation compose its own pack from ours, as @pulumi/awsguard does", async () => {
        // The organisation's pack depends on ours (linked here as an installed package would be) and picks guardrails.
        const acme = path.join(dir, "acme-pack");
        fs.mkdirSync(acme);
        fs.symlinkSync(dir, path.join(dir, "node_modules", "mlplatform-guardrails"), "dir");
        fs.writeFileSync(path.join(acme, "package.json"), JSON.stringify({ name: "acme-guardrails", version: "1.2.3", main: "index.ts" }));
        fs.writeFileSync(path.join(acme, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        fs.copyFileSync(path.join(dir, "tsconfig.json"), path.join(acme, "tsconfig.json"));
        fs.writeFileSync(
            path.join(acme, "index.ts"),
            [
                'import { PolicyPack } from "@pulumi/policy";',
                'import { guardrailPolicies, resourceCheck, withMetadata } from "mlplatform-guardrails/api";',
                "const noTopics = withMetadata(",
                '    resourceCheck({ name: "acme-no-sns-topics", description: "Acme sends events through EventBridge, not SNS.", types: ["aws:sns/topic:Topic"], check: (_props, report) => report("is an SNS topic", "publish to the acme event bus") }),',
                '    { service: "sns", severity: "low", remediationSteps: ["Use the acme event bus."], url: "https://example.com/acme/events", frameworks: {} },',
                ");",
                'new PolicyPack("acme-guardrails", { policies: guardrailPolicies({ select: { services: ["s3", "sns"] }, levels: { all: "advisory" }, extraPolicies: [noTopics] }) });',
                "",
            ].join("\n"),
        );
        const acmePack = await serve(acme);
        // The control for "ts-node compiled nothing" above: this SDK's ts-node does write to the folder it is given.
        assert.ok(fs.readdirSync(tsNodeCacheDirectory, { recursive: true, withFileTypes: true }).some((e) => e.isFile()), "ts-node wrote its compiled files");
        assert.equal(acmePack.name, "acme-guardrails");
        assert.equal(acmePack.version, "1.2.3");
        const names = acmePack.policies.map((p) => p.name);
        assert.ok(names.includes("acme-no-sns-topics") && names.includes("s3-bucket-sse-kms") && names.includes("sns-topic-kms"));
        assert.ok(!names.includes("iam-least-privilege"), "only the selected services");
        const run = await inlineRun(() => {
            new aws.s3.Bucket("open", { bucket: "open" });
            new aws.sns.Topic("t", { kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" });
        });
        const found = await acmePack.analyze(run);
        assert.ok(found.some((v) => v.policy === "acme-no-sns-topics" && /Topic "t" is an SNS topic\. Fix: publish to the acme event bus\./.test(v.message)));
        assert.ok(found.some((v) => v.policy === "s3-bucket-public-access-block"));
        assert.ok(found.every((v) => v.level === "advisory"), "levels.all applies");
        assert.ok(acmePack.policies.find((p) => p.name === "acme-no-sns-topics")!.configSchema!.properties.exemptions, "own policies get exemptions");
    });
});
