import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, skipsOf, violationsOf } from "../../../test/harness";
import { KEY, previewKey, reported } from "../../../test/support/policySpec";

describe("sns-topic-kms", () => {
    it("reports an unencrypted topic and one on the AWS-managed key", async () => {
        const build = () => {
            new aws.sns.Topic("cmk", { kmsMasterKeyId: KEY });
            new aws.sns.Topic("aws-managed", { kmsMasterKeyId: "alias/aws/sns" });
            new aws.sns.Topic("plain", {});
            // Any AWS-managed alias counts, not only the topic's own service one.
            new aws.sns.Topic("other-aws-alias", { kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/sqs" });
        };
        assert.deepEqual(await reported("sns-topic-kms", build), ["aws-managed", "other-aws-alias", "plain"]);
    });

    it("treats a key unknown in preview as set: nothing to skip, nothing to report", async () => {
        const run = await inlineRun(() => new aws.sns.Topic("encrypted-later", { kmsMasterKeyId: previewKey() }), { preview: true });
        assert.deepEqual(await violationsOf(run, "sns-topic-kms"), []);
        assert.deepEqual(await skipsOf(run, "sns-topic-kms"), []);
    });
});
