import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { codebuildProject, findings, inPreview, KEY } from "../../../test/support/policySpec";

const POLICY = "codebuild-log-group-managed";

describe(POLICY, () => {
    it("accepts a named log group, a pre-created /aws/codebuild/<project> group, or S3-only logs; reports the group CodeBuild would create", async () => {
        const found = await findings(POLICY, () => {
            const group = new aws.cloudwatch.LogGroup("builds", { name: "/mlplatform/builds", kmsKeyId: KEY, retentionInDays: 365 });
            codebuildProject("named", { name: "named", logsConfig: { cloudwatchLogs: { status: "ENABLED", groupName: group.name } } });
            new aws.cloudwatch.LogGroup("precreated", { name: "/aws/codebuild/precreated", kmsKeyId: KEY, retentionInDays: 365 });
            codebuildProject("precreated", { name: "precreated" });
            codebuildProject("s3-only", { name: "s3-only", logsConfig: { cloudwatchLogs: { status: "DISABLED" }, s3Logs: { status: "ENABLED", location: "logs-bucket/builds", encryptionDisabled: false } } });
            codebuildProject("default-group", { name: "model-build" });
        });
        assert.deepEqual(found.map((f) => f.replace(/ Fix:.*/, "")), ['default-group: Project "default-group" logs to /aws/codebuild/model-build, which CodeBuild creates with no retention and no customer-managed key.']);
    });

    it("takes an unknown group name the program set for the stack's group in preview, and waits for an unknown project name", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            // A group whose name is an output unknown in preview.
            const groupName = new aws.sns.Topic("g").arn.apply(() => "/mlplatform/builds");
            new aws.cloudwatch.LogGroup("builds", { name: groupName, kmsKeyId: KEY, retentionInDays: 365 });
            codebuildProject("named-later", { name: "named-later", logsConfig: { cloudwatchLogs: { status: "ENABLED", groupName } } });
            codebuildProject("auto-named", { name: new aws.sns.Topic("t").arn.apply((arn) => `p-${arn.length}`) });
        });
        assert.deepEqual(violations, []);
        assert.equal(skips.length, 1, skips.join("\n"));
        assert.match(skips[0], /Project "auto-named"/);
        assert.doesNotMatch(skips[0], /named-later/);
    });
});
