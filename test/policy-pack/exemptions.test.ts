import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, violationsOf } from "../harness";
import { codebuildProject, findings } from "../support/policySpec";

/** The pack-wide exemption policies (policy-pack/lib/exemptions.ts): exemptions-in-use and exemptions-are-justified. */
describe("exemptions", () => {
    it("exemptions-are-justified reports tags naming no policy; exemptions-in-use stays quiet without exemptions", async () => {
        const build = () => {
            codebuildProject("typo", { tags: { "mlplatform:exempt:codebuild-privileged": "Builds the training image with docker build" } });
            codebuildProject("plain");
        };
        assert.match((await findings("exemptions-are-justified", build)).join(), /has an exemption tag for "codebuild-privileged", which is no policy of this pack/);
        assert.deepEqual(await findings("exemptions-are-justified", () => codebuildProject("plain")), []);
        assert.deepEqual(await findings("exemptions-in-use", () => codebuildProject("plain")), []);
    });

    it("exemptions-are-justified rejects a reason AWS would not accept as a tag value", async () => {
        const run = await inlineRun(() => new aws.sqs.Queue("q", { tags: { "mlplatform:exempt:sqs-queue-kms": "Legacy consumer, cannot read KMS-encrypted messages" } }));
        assert.match((await violationsOf(run, "exemptions-are-justified")).join(), /reason for its sqs-queue-kms exemption that AWS will not accept as a tag value/);
        assert.equal((await violationsOf(run, "sqs-queue-kms")).length, 1, "not honoured");
    });
});
