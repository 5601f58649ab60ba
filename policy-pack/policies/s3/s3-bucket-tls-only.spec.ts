import { strict as assert } from "assert";
import { inlineRun, skipsOf, violationsOf } from "../../../test/harness";
import { bucketProgram, inlineBucketProgram } from "../../../test/support/policySpec";

describe("s3-bucket-tls-only", () => {
    it("passes a bucket configured with the separate v7 resources, in update and preview mode", async () => {
        for (const preview of [false, true]) {
            const run = await inlineRun(bucketProgram(), { preview });
            assert.deepEqual(await violationsOf(run, "s3-bucket-tls-only"), [], preview ? "preview" : "update");
        }
    });

    it("passes a bucket configured inline, as a v7 Bucket still allows", async () => {
        assert.deepEqual(await violationsOf(await inlineRun(inlineBucketProgram), "s3-bucket-tls-only"), []);
    });

    const cases: Array<[string, () => void, RegExp]> = [
        ["no bucket policy", bucketProgram(["policy"]), /has no bucket policy denying insecure transport\. Fix: .*aws:SecureTransport/],
        ["a policy that does not deny plain HTTP", bucketProgram([], { tlsCondition: "true" }), /has a bucket policy that does not deny insecure transport/],
    ];
    for (const [label, program, message] of cases) {
        it(`reports ${label}, naming the bucket and the fix`, async () => {
            const found = await violationsOf(await inlineRun(program), "s3-bucket-tls-only");
            assert.equal(found.length, 1, found.join("\n"));
            assert.match(found[0], /^b: Bucket "b" /);
            assert.match(found[0], message);
        });
    }

    it("skips what is unknown in preview instead of failing or reporting it", async () => {
        // The policy text depends on the bucket's ARN, unknown until the bucket exists.
        const run = await inlineRun(bucketProgram([], { tlsCondition: "true" }), { preview: true });
        assert.deepEqual(await violationsOf(run, "s3-bucket-tls-only"), []);
        assert.deepEqual(await skipsOf(run, "s3-bucket-tls-only"), [
            `can't run policy 's3-bucket-tls-only' from policy pack 'mlplatform-guardrails@v0.1.0' during preview: skipped for Bucket "b": it depends on values known only after the update, and is checked then`,
        ]);
        const known = await inlineRun(bucketProgram([], { tlsCondition: "true" }));
        assert.equal((await violationsOf(known, "s3-bucket-tls-only")).length, 1);
    });
});
