import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, violationsOf } from "../../../test/harness";
import { bucketProgram, inlineBucketProgram } from "../../../test/support/policySpec";

describe("s3-bucket-versioning", () => {
    it("passes a bucket configured with the separate v7 resources, in update and preview mode", async () => {
        for (const preview of [false, true]) {
            const run = await inlineRun(bucketProgram(), { preview });
            assert.deepEqual(await violationsOf(run, "s3-bucket-versioning"), [], preview ? "preview" : "update");
        }
    });

    it("passes a bucket configured inline, as a v7 Bucket still allows", async () => {
        assert.deepEqual(await violationsOf(await inlineRun(inlineBucketProgram), "s3-bucket-versioning"), []);
    });

    const cases: Array<[string, () => void, RegExp]> = [
        ["no versioning", bucketProgram(["versioning"]), /has no versioning configuration\. Fix: add an aws\.s3\.BucketVersioning .*status: "Enabled"/],
        ["versioning suspended", bucketProgram([], { versioning: "Suspended" }), /has versioning suspended or disabled/],
    ];
    for (const [label, program, message] of cases) {
        it(`reports ${label}, naming the bucket and the fix`, async () => {
            const found = await violationsOf(await inlineRun(program), "s3-bucket-versioning");
            assert.equal(found.length, 1, found.join("\n"));
            assert.match(found[0], /^b: Bucket "b" /);
            assert.match(found[0], message);
        });
    }

    it("reads a deprecated BucketV2's list-shaped versionings", async () => {
        const run = await inlineRun(() => {
            new aws.s3.BucketV2("legacy", { bucket: "legacy-bucket", versionings: [{ enabled: true }] });
            new aws.s3.BucketV2("legacy-plain", { bucket: "legacy-plain", versionings: [{ enabled: false }] });
        });
        assert.equal((await violationsOf(run, "s3-bucket-versioning")).length, 1);
        assert.match((await violationsOf(run, "s3-bucket-versioning"))[0], /^legacy-plain:/);
    });

    it("links configuration to a bucket named by a literal, without a property dependency", async () => {
        const run = await inlineRun(() => {
            new aws.s3.Bucket("literal", { bucket: "literal-bucket" });
            new aws.s3.BucketVersioning("literal", { bucket: "literal-bucket", versioningConfiguration: { status: "Enabled" } });
        });
        assert.deepEqual(await violationsOf(run, "s3-bucket-versioning"), []);
    });
});
