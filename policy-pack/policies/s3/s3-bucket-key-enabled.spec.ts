import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { KEY, previewKey, reported } from "../../../test/support/policySpec";

const sse = (bucket: aws.s3.Bucket, name: string, bucketKeyEnabled: boolean) =>
    new aws.s3.BucketServerSideEncryptionConfiguration(name, { bucket: bucket.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled }] });

describe("s3-bucket-key-enabled", () => {
    it("reports an SSE-KMS bucket without a bucket key and passes one with it", async () => {
        assert.deepEqual(
            await reported("s3-bucket-key-enabled", () => {
                sse(new aws.s3.Bucket("with-key", { bucket: "with-key" }), "with-key", true);
                sse(new aws.s3.Bucket("without-key", { bucket: "without-key" }), "without-key", false);
            }),
            ["without-key"],
        );
    });

    it("reports nothing in preview while the rules hold an unknown key, and judges them in the update", async () => {
        const build = () => {
            const key = previewKey();
            const b = new aws.s3.Bucket("without-key", { bucket: "without-key" });
            new aws.s3.BucketServerSideEncryptionConfiguration("without-key", { bucket: b.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key }, bucketKeyEnabled: false }] });
        };
        assert.deepEqual(await reported("s3-bucket-key-enabled", build, {}, true), []);
        assert.deepEqual(await reported("s3-bucket-key-enabled", build), ["without-key"]);
    });
});
