import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, inPreview, ROLE } from "../../../test/support/policySpec";
import { roleTargetService } from "./eventbridge-target-has-role";

const POLICY = "eventbridge-target-has-role";

describe(POLICY, () => {
    it("reports seed 000's schedule target without a role", async () => {
        const found = await findings(POLICY, () => {
            const rule = new aws.cloudwatch.EventRule("schedule", { scheduleExpression: "cron(0 3 ? * MON *)" });
            new aws.cloudwatch.EventTarget("seed", { rule: rule.name, arn: "arn:aws:states:us-east-1:123456789012:stateMachine:sefaz-ml-retrain-pipeline" });
            new aws.cloudwatch.EventTarget("with-role", { rule: rule.name, arn: "arn:aws:states:us-east-1:123456789012:stateMachine:x", roleArn: ROLE });
            new aws.cloudwatch.EventTarget("sns", { rule: rule.name, arn: "arn:aws:sns:us-east-1:123456789012:topic" });
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]), ["seed"]);
        assert.match(found[0], /targets states without a role/);
    });

    it("reports a CodePipeline target without a role in any partition (issue 12's deploy trigger), and accepts it with one", async () => {
        const found = await findings(POLICY, () => {
            const rule = new aws.cloudwatch.EventRule("approved", { eventPattern: JSON.stringify({ source: ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"] }) });
            new aws.cloudwatch.EventTarget("deploy", { rule: rule.name, arn: "arn:aws:codepipeline:us-east-1:123456789012:churn-model-deploy", roleArn: ROLE });
            new aws.cloudwatch.EventTarget("deploy-no-role", { rule: rule.name, arn: "arn:aws:codepipeline:us-east-1:123456789012:churn-model-deploy" });
            new aws.cloudwatch.EventTarget("gov-no-role", { rule: rule.name, arn: "arn:aws-us-gov:codepipeline:us-gov-west-1:123456789012:churn-model-deploy" });
            new aws.cloudwatch.EventTarget("china-no-role", { rule: rule.name, arn: "arn:aws-cn:codepipeline:cn-north-1:123456789012:churn-model-deploy" });
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]).sort(), ["china-no-role", "deploy-no-role", "gov-no-role"]);
        assert.ok(found.every((f) => /targets codepipeline without a role/.test(f)), found.join("\n"));
    });

    it("knows which targets need a role: by service, and for SageMaker, Kinesis and Batch by resource type", () => {
        const needsRole = (arn: string) => roleTargetService(arn) ?? "no role needed";
        assert.equal(needsRole("arn:aws:sagemaker:eu-west-1:123456789012:pipeline/churn-build"), "sagemaker");
        assert.equal(needsRole("arn:aws:sagemaker:eu-west-1:123456789012:endpoint/churn"), "no role needed");
        assert.equal(needsRole("arn:aws:kinesis:eu-west-1:123456789012:stream/events"), "kinesis");
        assert.equal(needsRole("arn:aws:batch:eu-west-1:123456789012:job-queue/train"), "batch");
        assert.equal(needsRole("arn:aws:ecs:eu-west-1:123456789012:cluster/ml"), "ecs");
        for (const arn of ["arn:aws:lambda:eu-west-1:123456789012:function:f", "arn:aws:sqs:eu-west-1:123456789012:q", "arn:aws:logs:eu-west-1:123456789012:log-group:/g", "arn:aws:events:eu-west-1:123456789012:event-bus/default", "codepipeline", "arn:aws:codepipeline"]) {
            assert.equal(needsRole(arn), "no role needed", arn);
        }
    });

    it("counts a role unknown in preview as set, even when the target's ARN is unknown too", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const rule = new aws.cloudwatch.EventRule("schedule", { scheduleExpression: "cron(0 3 ? * MON *)" });
            const role = new aws.iam.Role("events", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
            const pipeline = new aws.sns.Topic("stand-in").arn.apply(() => "arn:aws:codepipeline:us-east-1:123456789012:p");
            new aws.cloudwatch.EventTarget("with-role", { rule: rule.name, arn: "arn:aws:states:us-east-1:123456789012:stateMachine:x", roleArn: role.arn });
            new aws.cloudwatch.EventTarget("both-later", { rule: rule.name, arn: pipeline, roleArn: role.arn });
            new aws.cloudwatch.EventTarget("target-later", { rule: rule.name, arn: pipeline });
        });
        assert.deepEqual(violations, []);
        assert.equal(skips.length, 1, skips.join("\n"));
        assert.match(skips[0], /EventTarget "target-later"/);
    });
});
