import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { reported } from "../../../test/support/policySpec";

describe("s3-bucket-acls-disabled", () => {
    it("passes BucketOwnerEnforced and reports preferred ownership or none", async () => {
        assert.deepEqual(
            await reported("s3-bucket-acls-disabled", () => {
                const enforced = new aws.s3.Bucket("enforced", { bucket: "enforced" });
                new aws.s3.BucketOwnershipControls("enforced", { bucket: enforced.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
                const preferred = new aws.s3.Bucket("preferred", { bucket: "preferred" });
                new aws.s3.BucketOwnershipControls("preferred", { bucket: preferred.bucket, rule: { objectOwnership: "BucketOwnerPreferred" } });
                new aws.s3.Bucket("none", { bucket: "none" });
            }),
            ["none", "preferred"],
        );
    });

    it("passes in preview a bucket whose controls are linked only by an unknown name", async () => {
        assert.deepEqual(
            await reported(
                "s3-bucket-acls-disabled",
                () => {
                    const enforced = new aws.s3.Bucket("enforced", {});
                    new aws.s3.BucketOwnershipControls("enforced", { bucket: enforced.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
                },
                {},
                true,
            ),
            [],
        );
    });
});
