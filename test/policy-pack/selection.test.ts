import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { isSelected } from "../../policy-pack/lib/selection";
import { guardrails } from "../../policy-pack/policies";
import { inlineRun, violations } from "../harness";
import { KEY } from "../support/policySpec";

/** The pack config's selection of guardrails by service, severity or framework (policy-pack/lib/selection.ts). */
describe("guardrails-selection", () => {
    // An unversioned SSE-S3 bucket with no public access block, an SQS queue on SQS-managed keys and an open SSM parameter.
    const build = () => {
        const b = new aws.s3.Bucket("b", { bucket: "b" });
        new aws.s3.BucketServerSideEncryptionConfiguration("b", { bucket: b.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
        new aws.sqs.Queue("q", { sqsManagedSseEnabled: true });
        new aws.ssm.Parameter("p", { name: "/app/db_password", type: "String", value: "x" });
        new aws.sns.Topic("t", { kmsMasterKeyId: KEY });
    };
    const policiesReported = async (config = {}) => [...new Set((await violations(await inlineRun(build), config)).filter((v) => v.level === "mandatory").map((v) => v.policy))].sort();

    it("runs every guardrail by default", async () => {
        const all = await policiesReported();
        for (const p of ["s3-bucket-versioning", "s3-bucket-public-access-block", "sqs-queue-kms", "ssm-secure-string-for-secrets", "required-tags"]) assert.ok(all.includes(p), p);
    });

    it("selects by service", async () => {
        const found = await policiesReported({ "guardrails-selection": { services: ["sqs", "ssm"] } });
        assert.deepEqual(found, ["sqs-queue-kms", "ssm-secure-string-for-secrets"]);
    });

    it("selects by severity", async () => {
        const found = await policiesReported({ "guardrails-selection": { severities: ["critical"] } });
        assert.deepEqual(found, ["s3-bucket-public-access-block"]);
    });

    it("selects by framework or by control, and lets includePolicies / excludePolicies override", async () => {
        assert.deepEqual(await policiesReported({ "guardrails-selection": { frameworks: ["fsbp:SQS.1"] } }), ["sqs-queue-kms"]);
        const fsbp = await policiesReported({ "guardrails-selection": { frameworks: ["fsbp"] } });
        assert.ok(fsbp.includes("s3-bucket-public-access-block") && fsbp.includes("sqs-queue-kms"));
        assert.ok(!fsbp.includes("ssm-secure-string-for-secrets") && !fsbp.includes("required-tags"), fsbp.join());
        assert.deepEqual(
            await policiesReported({ "guardrails-selection": { frameworks: ["fsbp:SQS.1"], includePolicies: ["required-tags"], excludePolicies: ["sqs-queue-kms"] } }),
            ["required-tags"],
        );
    });

    it("selects stack policies too, and goes back to all with an empty selection", async () => {
        assert.ok(!(await policiesReported({ "guardrails-selection": { services: ["sqs"] } })).includes("s3-bucket-versioning"));
        assert.ok((await policiesReported({})).includes("s3-bucket-versioning"));
    });

    it("matches metadata as documented", () => {
        const sse = guardrails.find((p) => p.name === "s3-bucket-sse-kms")!;
        assert.equal(isSelected(sse.name, sse.metadata, { services: ["s3"], severities: ["high"] }), true);
        assert.equal(isSelected(sse.name, sse.metadata, { frameworks: ["cis"] }), false, "no CIS mapping");
        assert.equal(isSelected(sse.name, sse.metadata, { frameworks: ["nist:SC-28"] }), true);
    });
});
