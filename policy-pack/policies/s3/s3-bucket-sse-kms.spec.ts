import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, violationsOf } from "../../../test/harness";
import { bucketProgram, inlineBucketProgram, KEY } from "../../../test/support/policySpec";

describe("s3-bucket-sse-kms", () => {
    it("passes a bucket configured with the separate v7 resources, in update and preview mode", async () => {
        for (const preview of [false, true]) {
            const run = await inlineRun(bucketProgram(), { preview });
            assert.deepEqual(await violationsOf(run, "s3-bucket-sse-kms"), [], preview ? "preview" : "update");
        }
    });

    it("passes a bucket configured inline, as a v7 Bucket still allows", async () => {
        assert.deepEqual(await violationsOf(await inlineRun(inlineBucketProgram), "s3-bucket-sse-kms"), []);
    });

    const cases: Array<[string, () => void, RegExp]> = [
        ["no encryption configuration", bucketProgram(["sse"]), /has no default encryption configuration\. Fix: add an aws\.s3\.BucketServerSideEncryptionConfiguration/],
        ["SSE-S3 instead of KMS", bucketProgram([], { sseAlgorithm: "AES256" }), /has a default encryption that is not SSE-KMS/],
    ];
    for (const [label, program, message] of cases) {
        it(`reports ${label}, naming the bucket and the fix`, async () => {
            const found = await violationsOf(await inlineRun(program), "s3-bucket-sse-kms");
            assert.equal(found.length, 1, found.join("\n"));
            assert.match(found[0], /^b: Bucket "b" /);
            assert.match(found[0], message);
        });
    }

    it("reports aws:kms under the AWS-managed key (no kmsMasterKeyId, or alias/aws/s3), separate or inline, and passes a customer-managed alias", async () => {
        const sse = (name: string, kmsMasterKeyId?: string) => {
            const bucket = new aws.s3.Bucket(name, { bucket: name });
            new aws.s3.BucketServerSideEncryptionConfiguration(name, { bucket: bucket.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId }, bucketKeyEnabled: true }] });
        };
        const run = await inlineRun(() => {
            sse("no-key");
            sse("aws-alias", "alias/aws/s3");
            sse("aws-alias-arn", "arn:aws:kms:us-east-1:123456789012:alias/aws/s3");
            sse("own-alias", "alias/platform-data");
            new aws.s3.Bucket("inline-no-key", { bucket: "inline-no-key", serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } } });
        });
        const found = await violationsOf(run, "s3-bucket-sse-kms");
        assert.deepEqual(found.map((v) => v.split(":")[0]).sort(), ["aws-alias", "aws-alias-arn", "inline-no-key", "no-key"], found.join("\n"));
        assert.match(found.join("\n"), /no-key: Bucket "no-key" is encrypted by default with the AWS-managed key aws\/s3 \(aws:kms without a customer-managed kmsMasterKeyId\)\. Fix: /);
    });

    it("passes in preview a bucket whose customer-managed key is created in the same update", async () => {
        const run = await inlineRun(
            () => {
                const key = new aws.kms.Key("k", { enableKeyRotation: true });
                const bucket = new aws.s3.Bucket("new", { bucket: "new" });
                new aws.s3.BucketServerSideEncryptionConfiguration("new", { bucket: bucket.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] });
            },
            { preview: true },
        );
        assert.deepEqual(await violationsOf(run, "s3-bucket-sse-kms"), []);
    });

    it("passes a deprecated BucketV2 configured inline, in its list-shaped properties, and reports one without encryption", async () => {
        const run = await inlineRun(() => {
            new aws.s3.BucketV2("legacy", {
                bucket: "legacy-bucket",
                serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }] }] }],
                versionings: [{ enabled: true }],
            });
            new aws.s3.BucketV2("legacy-plain", { bucket: "legacy-plain", versionings: [{ enabled: false }] });
        });
        assert.deepEqual(await violationsOf(run, "s3-bucket-sse-kms"), [`legacy-plain: BucketV2 "legacy-plain" has no default encryption configuration. Fix: add an aws.s3.BucketServerSideEncryptionConfiguration for it with rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "aws:kms", kmsMasterKeyId: <customer-managed key ARN> } and bucketKeyEnabled: true`]);
    });
});
