import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, skipsOf, violationsOf } from "../../../test/harness";
import { findings, KEY, previewKey } from "../../../test/support/policySpec";

describe("cloudwatch-log-group-kms", () => {
    it("reports a log group without a KMS key", async () => {
        const build = () => {
            new aws.cloudwatch.LogGroup("encrypted", { kmsKeyId: KEY, retentionInDays: 30 });
            new aws.cloudwatch.LogGroup("plain", { retentionInDays: 30 });
        };
        assert.deepEqual((await findings("cloudwatch-log-group-kms", build)).map((f) => f.split(":")[0]), ["plain"]);
    });

    it("reports a log group that names an AWS-managed key alias", async () => {
        const build = () => {
            new aws.cloudwatch.LogGroup("aws-alias", { kmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/logs", retentionInDays: 30 });
            new aws.cloudwatch.LogGroup("own", { kmsKeyId: KEY, retentionInDays: 30 });
        };
        assert.deepEqual((await findings("cloudwatch-log-group-kms", build)).map((f) => f.split(":")[0]), ["aws-alias"]);
    });

    it("treats a key unknown in preview as set: nothing to skip, nothing to report", async () => {
        const run = await inlineRun(() => new aws.cloudwatch.LogGroup("encrypted-later", { kmsKeyId: previewKey(), retentionInDays: 30 }), { preview: true });
        assert.deepEqual(await violationsOf(run, "cloudwatch-log-group-kms"), []);
        assert.deepEqual(await skipsOf(run, "cloudwatch-log-group-kms"), []);
    });
});
