import { strict as assert } from "assert";
import { inlineRun, violationsOf } from "../../../test/harness";
import { bucketProgram, inlineBucketProgram } from "../../../test/support/policySpec";

describe("s3-bucket-public-access-block", () => {
    it("passes a bucket configured with the separate v7 resources, in update and preview mode", async () => {
        for (const preview of [false, true]) {
            const run = await inlineRun(bucketProgram(), { preview });
            assert.deepEqual(await violationsOf(run, "s3-bucket-public-access-block"), [], preview ? "preview" : "update");
        }
    });

    it("passes a bucket configured inline, as a v7 Bucket still allows", async () => {
        assert.deepEqual(await violationsOf(await inlineRun(inlineBucketProgram), "s3-bucket-public-access-block"), []);
    });

    const cases: Array<[string, () => void, RegExp]> = [
        ["no public access block", bucketProgram(["pab"]), /has no public access block/],
        ["one flag off", bucketProgram([], { pabFlag: false }), /with blockPublicPolicy not set to true/],
    ];
    for (const [label, program, message] of cases) {
        it(`reports ${label}, naming the bucket and the fix`, async () => {
            const found = await violationsOf(await inlineRun(program), "s3-bucket-public-access-block");
            assert.equal(found.length, 1, found.join("\n"));
            assert.match(found[0], /^b: Bucket "b" /);
            assert.match(found[0], message);
        });
    }
});
