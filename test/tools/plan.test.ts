import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../harness";
import { runPlan, sharedPlan } from "../support/runPlan";

const FIXTURES = path.join(ROOT, "test", "fixtures");

const plan = runPlan;

describe("npm run plan", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));

    it("exits 0 for the prod stack and prints the tree by component, the count per type and the violations", async () => {
        const r = await sharedPlan("--stack", "prod");
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /Offline plan of stack "prod" \(project mlplatform\), update mode/);
        assert.match(r.out, /├─ mlplatform:components:MlDataBucket {2}data\n {2}│ {2}├─ aws:s3\/bucket:Bucket {2}data {2}\[protect, retainOnDelete\]/);
        assert.match(r.out, /Resources by type:\n(.*\n)*\s+19 {2}aws:iam\/role:Role/);
        assert.match(r.out, /Notes:\n {2}- Studio IP plan: 638 addresses per subnet .* a \/22 or larger; 300 concurrent apps, 12% of the 2,500-app account quota\./);
        assert.match(r.out, /Policy violations \(mlplatform-guardrails v0\.1\.0\):\n {2}\[advisory, low\] exemptions-in-use\n/);
        assert.match(r.out, /Summary: \d{3} resources, 0 mandatory and 2 advisory violation\(s\)\./);
    });

    it("writes the same plan as JSON in the documented shape", async () => {
        // The JSON is the file the command wrote (sharedPlan gives --json and reads it back).
        const r = await sharedPlan("--stack", "dev");
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /\nPlan written to .*\.json$/);
        const json = r.json;
        assert.equal(json.stack, "dev");
        assert.deepEqual(json.violations.map((v: any) => [v.policy, v.level]), [["exemptions-in-use", "advisory"], ["exemptions-in-use", "advisory"]]);
        assert.equal(json.resources.length, json.summary.resources);
        assert.ok(json.resources.length > 90);
        for (const res of json.resources) {
            assert.deepEqual(Object.keys(res).sort(), ["inputs", "name", "parent", "protect", "retainOnDelete", "type", "urn"]);
        }
        const bucket = json.resources.find((x: any) => x.type === "aws:s3/bucket:Bucket" && x.name === "data");
        assert.equal(bucket.inputs.bucket, "sefaz-ml-data-dev-123456789012-us-east-1");
        assert.equal(bucket.parent, "urn:pulumi:dev::mlplatform::mlplatform:components:MlDataBucket::data");
        assert.equal(bucket.urn, "urn:pulumi:dev::mlplatform::mlplatform:components:MlDataBucket$aws:s3/bucket:Bucket::data");
        // Inputs carry outputs of other resources as the mocks resolve them.
        const sse = json.resources.find((x: any) => x.type.endsWith("BucketServerSideEncryptionConfiguration") && x.name === "data");
        assert.match(sse.inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId, /^arn:aws:kms:us-east-1:123456789012:key\//);
    });

    it("exits 1 for another team's program that breaks mandatory policies, and lists each violation", async () => {
        const r = await sharedPlan("--stack", "test", "--program", path.join(FIXTURES, "insecure-team", "index.ts"));
        assert.equal(r.code, 1, r.err);
        const json = r.json;
        const found = json.violations.map((v: any) => `${v.policy} ${v.level} ${v.urn.split("::").pop()}`).sort();
        assert.deepEqual(found, [
            "iam-least-privilege mandatory codebuild",
            "iam-least-privilege mandatory codebuild",
            "iam-service-trust-source-conditioned advisory codebuild",
            "s3-bucket-acls-disabled mandatory data",
            "s3-bucket-lifecycle mandatory data",
            "s3-bucket-public-access-block mandatory data",
            "s3-bucket-sse-kms mandatory data",
            "s3-bucket-tls-only mandatory data",
        ]);
        assert.match(r.out, /\[mandatory, high\] s3-bucket-sse-kms\n {6}resource: urn:pulumi:test::insecure-team::aws:s3\/bucket:Bucket::data/);
        assert.match(r.out, /`pulumi up` with this policy pack would be blocked/);
    });

    // The corpus: each fixture program declares exactly the violations it must produce.
    for (const fixture of fs.readdirSync(FIXTURES).filter((d) => fs.existsSync(path.join(FIXTURES, d, "expected-violations.json")))) {
        it(`finds exactly the violations fixture ${fixture} is written to produce`, async () => {
            const r = await sharedPlan("--stack", "test", "--program", path.join(FIXTURES, fixture, "index.ts"));
            const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, fixture, "expected-violations.json"), "utf8")) as string[];
            const found = r.json.violations.map((v: any) => `${v.policy} ${v.level} ${v.urn.split("::").pop()}`).sort();
            assert.deepEqual(found, [...expected].sort());
            assert.equal(r.code, expected.some((e) => e.includes(" mandatory ")) ? 1 : 0);
        });
    }

    it("runs a program in preview mode, still judging the values known before deployment", async () => {
        const file = path.join(tmp, "insecure-preview.json");
        const r = await plan("--stack", "test", "--program", path.join(FIXTURES, "insecure-team", "index.ts"), "--mode", "preview", "--json", file);
        assert.equal(r.code, 1, r.err);
        assert.match(r.out, /preview mode/);
        const policies = JSON.parse(fs.readFileSync(file, "utf8")).violations.map((v: any) => v.policy).sort();
        // The role policy, its trust and encryption are literals, known in preview; nothing else is missing.
        assert.deepEqual(policies, ["iam-least-privilege", "iam-least-privilege", "iam-service-trust-source-conditioned", "s3-bucket-acls-disabled", "s3-bucket-lifecycle", "s3-bucket-public-access-block", "s3-bucket-sse-kms", "s3-bucket-tls-only"]);
    });

    it("passes the stacks' own policy configs (allowed regions, prod retention) with no mandatory violation", async () => {
        for (const stack of ["dev", "prod"]) {
            const r = await plan("--stack", stack, "--policy-config", path.join(ROOT, "policy-pack", "config", `${stack}.json`));
            assert.equal(r.code, 0, r.out);
        }
    });

    it("lets the policy config downgrade a policy, as --policy-pack-config does", async () => {
        const config = path.join(tmp, "policy-config.json");
        fs.writeFileSync(config, JSON.stringify({ "iam-least-privilege": "advisory", "s3-bucket-sse-kms": { enforcementLevel: "disabled" }, "s3-bucket-public-access-block": "advisory", "s3-bucket-tls-only": "advisory", "s3-bucket-acls-disabled": "advisory", "s3-bucket-lifecycle": "disabled" }));
        const r = await plan("--stack", "test", "--program", path.join(FIXTURES, "insecure-team", "index.ts"), "--policy-config", config);
        assert.equal(r.code, 0, r.out);
        // The five downgraded findings and the advisory iam-service-trust-source-conditioned on the seed's CodeBuild role.
        assert.match(r.out, /0 mandatory and 6 advisory violation\(s\)/);
    });

    it("takes config values on the command line, as pulumi preview --config does", async () => {
        const r = await plan("--stack", "dev", "--config", "logRetentionDays=90", "-c", "mlplatform:noncurrentVersionExpirationDays=14", "--json", path.join(tmp, "config.json"));
        assert.equal(r.code, 0, r.err);
        const json = JSON.parse(fs.readFileSync(path.join(tmp, "config.json"), "utf8"));
        const groups = json.resources.filter((x: any) => x.type === "aws:cloudwatch/logGroup:LogGroup");
        assert.ok(groups.length > 0 && groups.every((g: any) => g.inputs.retentionInDays === 90));
        const lifecycle = json.resources.find((x: any) => x.type.endsWith("BucketLifecycleConfiguration"));
        assert.equal(lifecycle.inputs.rules.find((x: any) => x.noncurrentVersionExpiration).noncurrentVersionExpiration.noncurrentDays, 14);
    });

    const errors: Array<[string, string[], RegExp]> = [
        ["a --config without a value", ["--stack", "dev", "--config", "logRetentionDays"], /--config takes key=value/],
        ["a --config value the stack rejects", ["--stack", "dev", "-c", "logRetentionDays=45"], /Configuration error: [\s\S]*mlplatform:logRetentionDays: found 45/],
        ["a stack configuration error, listing every bad key", ["--stack", "broken", "--program", path.join(FIXTURES, "broken-config", "index.ts")], /Configuration error: Invalid configuration for stack "broken" \(3 problems\)[\s\S]*mlplatform:environment: found "production"[\s\S]*mlplatform:costCenter: found nothing[\s\S]*mlplatform:logRetentionDays: found -5/],
        ["a stack without a stack file", ["--stack", "staging"], /Configuration error: No stack file Pulumi\.staging\.yaml in .*; stacks there: dev, prod/],
        ["a program that throws, with the file and line", ["--stack", "test", "--program", path.join(FIXTURES, "crashing", "index.ts")], /Program error: The program failed: lookup table missing\n {4}at test\/fixtures\/crashing\/index\.ts:6:11$/],
        ["a missing --stack", [], /--stack is required/],
        ["an unknown option", ["--stack", "dev", "--colour"], /Unknown option '--colour'/],
        ["a bad --mode", ["--stack", "dev", "--mode", "apply"], /--mode must be update or preview/],
        ["a missing program file", ["--stack", "dev", "--program", "nope.ts"], /--program: no such file/],
    ];
    for (const [label, args, message] of errors) {
        it(`exits 2 on ${label}`, async () => {
            // Shared: programs.test.ts plans the crashing fixture too.
            const r = await sharedPlan(...args);
            assert.equal(r.code, 2, r.out);
            assert.match(r.err, message);
        });
    }
});
