import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, policyPack, skipsOf, violationsOf } from "../harness";
import { codebuildProject, findings, previewKey } from "../support/policySpec";

/** The pack-wide exemption policies (policy-pack/lib/exemptions.ts): exemptions-in-use and exemptions-are-justified. */
describe("exemptions", () => {
    it("exemptions-are-justified reports tags naming no policy; exemptions-in-use stays quiet without exemptions", async () => {
        const build = () => {
            codebuildProject("typo", { tags: { "mlplatform:exempt:codebuild-privileged": "Builds the training image with docker build" } });
            codebuildProject("plain");
        };
        assert.match((await findings("exemptions-are-justified", build)).join(), /has an exemption tag for "codebuild-privileged", which is no policy of this pack/);
        assert.deepEqual(await findings("exemptions-are-justified", () => codebuildProject("plain")), []);
        assert.deepEqual(await findings("exemptions-in-use", () => codebuildProject("plain")), []);
    });

    it("exemptions-are-justified rejects a reason AWS would not accept as a tag value", async () => {
        const run = await inlineRun(() => new aws.sqs.Queue("q", { tags: { "mlplatform:exempt:sqs-queue-kms": "Legacy consumer, cannot read KMS-encrypted messages" } }));
        assert.match((await violationsOf(run, "exemptions-are-justified")).join(), /reason for its sqs-queue-kms exemption that AWS will not accept as a tag value/);
        assert.equal((await violationsOf(run, "sqs-queue-kms")).length, 1, "not honoured");
    });
});

describe("exemptions governed by the pack config", () => {
    const past = "2020-01-31";
    const future = "2999-12-31";
    const versioned = (name: string) => {
        const b = new aws.s3.Bucket(name, { bucket: name });
        new aws.s3.BucketVersioning(name, { bucket: b.bucket, versioningConfiguration: { status: "Enabled" } });
        return b;
    };

    it("exempts a non-taggable resource by name and type, with a reason and an expiry", async () => {
        const build = () => {
            // A RolePolicy has no tags: only the pack config can exempt it.
            const role = new aws.iam.Role("etl", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
            new aws.iam.RolePolicy("etl", { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }) });
        };
        const run = await inlineRun(build);
        assert.equal((await violationsOf(run, "iam-least-privilege")).length, 1, "reported without an exemption");
        const granted = (expires: string, type = "aws:iam/rolePolicy:RolePolicy") => ({
            "iam-least-privilege": { exemptions: [{ resource: "etl", type, reason: "Legacy ETL reads buckets named at run time until ticket SEC-42 lands", expires }] },
        });
        assert.deepEqual(await violationsOf(run, "iam-least-privilege", granted(future)), []);
        assert.equal((await violationsOf(run, "iam-least-privilege", granted(future, "aws:iam/role:Role"))).length, 1, "another type is not exempted");
        const expired = await violationsOf(run, "iam-least-privilege", granted(past));
        assert.equal(expired.length, 2, expired.join("\n"));
        assert.match(expired.join("\n"), /etl: RolePolicy "etl" has an exemption from iam-least-privilege that expired on 2020-01-31 \("Legacy ETL/);
        assert.match(expired.join("\n"), /allows s3:GetObject on Resource "\*"/);
    });

    it("puts an expiry on a tag exemption: expired, the tag no longer counts and the expiry is itself a violation", async () => {
        const build = () => {
            const b = new aws.s3.Bucket("scratch", { bucket: "scratch", tags: { "mlplatform:exempt:s3-bucket-lifecycle": "Scratch data deleted by the nightly job" } });
            new aws.s3.BucketVersioning("scratch", { bucket: b.bucket, versioningConfiguration: { status: "Enabled" } });
        };
        const run = await inlineRun(build);
        assert.deepEqual(await violationsOf(run, "s3-bucket-lifecycle"), [], "the tag alone exempts");
        const config = (expires: string) => ({ "s3-bucket-lifecycle": { exemptions: [{ resource: "scratch", type: "aws:s3/bucket:Bucket", reason: "Scratch data deleted by the nightly job", expires }] } });
        assert.deepEqual(await violationsOf(run, "s3-bucket-lifecycle", config(future)), []);
        const expired = await violationsOf(run, "s3-bucket-lifecycle", config(past));
        assert.equal(expired.length, 2, expired.join("\n"));
        assert.match(expired.join("\n"), /Bucket "scratch" has no lifecycle rules/);
        assert.match(expired.join("\n"), /expired on 2020-01-31/);
    });

    it("does not honour exemptions of critical policies unless the pack config makes them exemptable", async () => {
        const build = () => {
            const b = versioned("open");
            new aws.s3.BucketPolicy("open", {
                bucket: b.bucket,
                policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::open/*" }] }),
            });
            new aws.s3.Bucket("tagged", { bucket: "tagged", tags: { "mlplatform:exempt:s3-bucket-no-public-policy": "Public website assets reviewed by security" } });
        };
        const run = await inlineRun(build);
        const reason = "Public website assets reviewed by security";
        const grant = { resource: "open", reason, expires: future };
        const refused = await violationsOf(run, "s3-bucket-no-public-policy", { "s3-bucket-no-public-policy": { exemptions: [grant] } });
        assert.equal(refused.length, 2, refused.join("\n"));
        assert.match(refused.join("\n"), /is exempted from s3-bucket-no-public-policy, which the pack config does not allow to be exempted \(a critical policy\)/);
        // The tagged bucket complies: a refused exemption on a compliant resource is not a violation.
        assert.ok(refused.every((f) => f.startsWith("open:")));
        assert.deepEqual(await violationsOf(run, "s3-bucket-no-public-policy", { "s3-bucket-no-public-policy": { exemptable: true, exemptions: [grant] } }), []);
        // exemptions-in-use says the critical tag exemption holds only if the pack config allows it.
        assert.match((await violationsOf(run, "exemptions-in-use")).join("\n"), /tagged: Bucket "tagged" is exempt from s3-bucket-no-public-policy \(only if the pack config sets s3-bucket-no-public-policy\.exemptable: it is critical\)/);
    });

    it("lets the pack config forbid exemptions of a non-critical policy, tags included", async () => {
        const run = await inlineRun(() => codebuildProject("image-build", { privileged: true, tags: { "mlplatform:exempt:codebuild-no-privileged-mode": "Builds the training image with docker build" } }));
        assert.deepEqual(await violationsOf(run, "codebuild-no-privileged-mode"), []);
        const forbidden = await violationsOf(run, "codebuild-no-privileged-mode", { "codebuild-no-privileged-mode": { exemptable: false } });
        assert.equal(forbidden.length, 2, forbidden.join("\n"));
        assert.match(forbidden.join("\n"), /runs in privileged mode/);
        assert.match(forbidden.join("\n"), /which the pack config does not allow to be exempted\. Fix:/);
    });

    it("refuses a pack-config exemption whose expiry is not a date (fail closed)", async () => {
        const run = await inlineRun(() => versioned("b"));
        const exemption = (expires: string) => ({ "s3-bucket-lifecycle": { exemptions: [{ resource: "b", type: "aws:s3/bucket:Bucket", reason: "Short-lived bucket for one experiment", expires }] } });
        // Not even date-shaped: the engine rejects the pack config against the policy's schema before anything
        // runs (pulumi/pulumi pkg/resource/analyzer/config.go, ReconcilePolicyPackConfig), as the plan does.
        await assert.rejects(violationsOf(run, "s3-bucket-lifecycle", exemption("next year")), /s3-bucket-lifecycle: property exemptions\.0\.expires must match pattern/);
        // Date-shaped but no date: the schema lets it through, the policy refuses it and judges the resource.
        const found = await violationsOf(run, "s3-bucket-lifecycle", exemption("2026-13-01"));
        assert.match(found.join("\n"), /whose expires "2026-13-01" is not a date/);
        assert.match(found.join("\n"), /has no lifecycle rules/);
    });

    it("announces no preview skip for a resource that is exempt", async () => {
        const build = (tags: Record<string, string>) => () => new aws.ssm.Parameter("legacy", { name: "/app/api_token", type: previewKey().apply(() => "String"), value: "x", tags });
        const skipped = await skipsOf(await inlineRun(build({}), { preview: true }), "ssm-secure-string-for-secrets");
        assert.equal(skipped.length, 1, "skipped and announced without an exemption");
        const exempt = await inlineRun(build({ "mlplatform:exempt:ssm-secure-string-for-secrets": "Read by a legacy job that cannot decrypt" }), { preview: true });
        assert.deepEqual(await skipsOf(exempt, "ssm-secure-string-for-secrets"), []);
        assert.deepEqual(await violationsOf(exempt, "ssm-secure-string-for-secrets"), []);
    });

    it("advertises exemptable and exemptions in every guardrail's config schema, exemptable false by default for critical ones", async () => {
        const pack = await policyPack();
        const schema = (name: string) => pack.policies.find((p) => p.name === name)!.configSchema!.properties;
        assert.equal(schema("s3-bucket-lifecycle").exemptable.default, true);
        assert.equal(schema("s3-bucket-public-access-block").exemptable.default, false);
        assert.deepEqual(schema("iam-least-privilege").exemptions.items.required, ["resource", "reason", "expires"]);
        assert.ok(schema("iam-least-privilege").allowedResourceStarActions, "the policy's own config is kept");
    });
});
