import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { reported } from "../../../test/support/policySpec";

describe("s3-bucket-lifecycle", () => {
    it("passes a bucket with lifecycle rules and reports one without", async () => {
        assert.deepEqual(
            await reported("s3-bucket-lifecycle", () => {
                const managed = new aws.s3.Bucket("managed", { bucket: "managed" });
                new aws.s3.BucketLifecycleConfiguration("managed", { bucket: managed.bucket, rules: [{ id: "abort", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }] });
                new aws.s3.Bucket("forever", { bucket: "forever" });
            }),
            ["forever"],
        );
    });

    it("links the rules in preview, when the bucket's name is still unknown", async () => {
        const build = () => {
            const managed = new aws.s3.Bucket("managed", {});
            new aws.s3.BucketLifecycleConfiguration("managed", { bucket: managed.bucket, rules: [{ id: "abort", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }] });
        };
        assert.deepEqual(await reported("s3-bucket-lifecycle", build, {}, true), []);
    });
});
