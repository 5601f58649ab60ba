import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, skipsOf, violationsOf } from "../../../test/harness";
import { previewKey, TAGS } from "../../../test/support/policySpec";

describe("required-tags", () => {
    it("accepts tags from the provider's default tags or the resource, and reports missing ones", async () => {
        const run = await inlineRun(() => {
            const tagged = new aws.Provider("tagged", { region: "us-east-1", defaultTags: { tags: TAGS } });
            const partial = new aws.Provider("partial", { region: "us-east-1", defaultTags: { tags: { project: "p" } } });
            new aws.sns.Topic("via-provider", {}, { provider: tagged });
            new aws.sns.Topic("via-resource", { tags: { environment: "dev", owner: "team", "cost-center": "cc" } }, { provider: partial });
            new aws.sns.Topic("missing", { tags: { owner: "" } }, { provider: partial });
            // Not taggable: never reported.
            new aws.s3.BucketVersioning("v", { bucket: "x", versioningConfiguration: { status: "Enabled" } }, { provider: partial });
        });
        const found = await violationsOf(run, "required-tags");
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0], /^missing: Topic "missing" is missing required tag\(s\) environment, owner, cost-center\. Fix: .*defaultTags/);
    });

    it("does not credit default tags to resources whose tags are a list (autoscaling groups)", async () => {
        const run = await inlineRun(() => {
            const tagged = new aws.Provider("tagged", { region: "us-east-1", defaultTags: { tags: TAGS } });
            new aws.autoscaling.Group("asg", { maxSize: 1, minSize: 0, tags: [{ key: "project", value: "p", propagateAtLaunch: true }] }, { provider: tagged });
        });
        assert.match((await violationsOf(run, "required-tags")).join(), /asg: Group "asg" is missing required tag\(s\) environment, owner, cost-center/);
    });

    it("reads the default provider's aws:defaultTags config, as the engine passes it", async () => {
        const config = { "aws:defaultTags": JSON.stringify({ tags: TAGS }) };
        const run = await inlineRun(() => new aws.sns.Topic("default-provider", {}), { config });
        assert.deepEqual(await violationsOf(run, "required-tags"), []);
        const untagged = await inlineRun(() => new aws.sns.Topic("default-provider", {}));
        assert.equal((await violationsOf(untagged, "required-tags")).length, 1);
    });

    it("takes the required keys from the pack's config", async () => {
        const run = await inlineRun(() => new aws.sns.Topic("t", { tags: { team: "x" } }));
        assert.deepEqual(await violationsOf(run, "required-tags", { "required-tags": { requiredTags: ["team"] } }), []);
        assert.match((await violationsOf(run, "required-tags", { "required-tags": { requiredTags: ["team", "data-classification"] } })).join(), /missing required tag\(s\) data-classification/);
    });

    it("checks the environment tag against the allowed values", async () => {
        const run = await inlineRun(() => {
            new aws.sns.Topic("qa", { tags: { ...TAGS, environment: "qa-2" } });
            new aws.sns.Topic("dev", { tags: TAGS });
        });
        const found = await violationsOf(run, "required-tags");
        assert.deepEqual(found.map((f) => f.split(":")[0]), ["qa"]);
        assert.match(found[0], /has environment tag "qa-2"\. Fix: use one of dev, test, staging, prod/);
        assert.deepEqual(await violationsOf(run, "required-tags", { "required-tags": { allowedEnvironments: ["dev", "qa-2"] } }), []);
    });

    it("skips tags unknown in preview, and says so", async () => {
        const config = { "aws:defaultTags": JSON.stringify({ tags: TAGS }) };
        const run = await inlineRun(() => new aws.sns.Topic("t", { tags: { owner: previewKey() } }), { preview: true, config });
        assert.deepEqual(await violationsOf(run, "required-tags"), []);
        assert.equal((await skipsOf(run, "required-tags")).length, 1);
    });
});
