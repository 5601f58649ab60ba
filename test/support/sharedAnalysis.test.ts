import { strict as assert } from "assert";
import { inlineRun, policyPack } from "../harness";
import { bucketProgram } from "./policySpec";
import { analysisOf } from "./sharedAnalysis";

describe("test support: one analysis per run, config and tags", () => {
    it("analyses a run once per config, shares a frozen answer, and keeps each answer's applied policies", async () => {
        const pack = await policyPack();
        const unencrypted = await inlineRun(bucketProgram(["sse"]));
        const encrypted = await inlineRun(bucketProgram());
        let analysed = 0;
        const analyze = pack.analyze;
        pack.analyze = function (...args: Parameters<typeof analyze>) {
            analysed++;
            return analyze.apply(this, args);
        };
        try {
            const first = await analysisOf(pack, unencrypted, {}, {});
            assert.ok(first.violations.some((v) => v.policy === "s3-bucket-sse-kms"));
            assert.equal(await analysisOf(pack, unencrypted, {}, {}), first, "the same answer for the same run and config");
            assert.equal(analysed, 1);
            assert.ok(first.responseBytes > 0, "the answers' encoded size");
            // Another config, other tags, another run: analysed again, each with its own answer.
            const disabled = await analysisOf(pack, unencrypted, { "s3-bucket-sse-kms": "disabled" }, {});
            assert.ok(!disabled.violations.some((v) => v.policy === "s3-bucket-sse-kms"), "the config reached the pack");
            await analysisOf(pack, unencrypted, {}, { team: "a" });
            const other = await analysisOf(pack, encrypted, {}, {});
            assert.notEqual(other.responseBytes, first.responseBytes, "each answer keeps its own size");
            assert.equal(analysed, 4);
            assert.ok(!other.violations.some((v) => v.policy === "s3-bucket-sse-kms"));
            // Each answer keeps the policies applied in its own analysis, not the pack's latest.
            assert.ok(first.applied.get("s3-bucket-sse-kms")?.size, "applied to the unencrypted bucket");
            assert.equal(disabled.applied.get("s3-bucket-sse-kms")?.size ?? 0, 0, "a disabled policy applies to nothing");
            // Frozen: a test cannot change what the next one reads.
            assert.ok(Object.isFrozen(first.violations) && first.violations.every((v) => Object.isFrozen(v)));
            assert.throws(() => (first.violations as unknown[]).push({}), TypeError);
        } finally {
            pack.analyze = analyze;
        }
    });

    it("keeps no failed analysis: a bad config fails every time it is asked", async () => {
        const pack = await policyPack();
        const run = await inlineRun(bucketProgram());
        const bad = { "s3-bucket-sse-kms": "sometimes" } as never;
        await assert.rejects(analysisOf(pack, run, bad, {}), /sometimes/);
        await assert.rejects(analysisOf(pack, run, bad, {}), /sometimes/);
    });
});
