import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, reported, ROLE } from "../../../test/support/policySpec";

describe("eventbridge-target-has-role", () => {
    it("reports seed 000's schedule target without a role", async () => {
        const found = await findings("eventbridge-target-has-role", () => {
            const rule = new aws.cloudwatch.EventRule("schedule", { scheduleExpression: "cron(0 3 ? * MON *)" });
            new aws.cloudwatch.EventTarget("seed", { rule: rule.name, arn: "arn:aws:states:us-east-1:123456789012:stateMachine:sefaz-ml-retrain-pipeline" });
            new aws.cloudwatch.EventTarget("with-role", { rule: rule.name, arn: "arn:aws:states:us-east-1:123456789012:stateMachine:x", roleArn: ROLE });
            new aws.cloudwatch.EventTarget("sns", { rule: rule.name, arn: "arn:aws:sns:us-east-1:123456789012:topic" });
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]), ["seed"]);
        assert.match(found[0], /targets states without a role/);
    });

    it("counts a role unknown in preview as set", async () => {
        const build = () => {
            const rule = new aws.cloudwatch.EventRule("schedule", { scheduleExpression: "cron(0 3 ? * MON *)" });
            const role = new aws.iam.Role("events", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
            new aws.cloudwatch.EventTarget("with-role", { rule: rule.name, arn: "arn:aws:states:us-east-1:123456789012:stateMachine:x", roleArn: role.arn });
        };
        assert.deepEqual(await reported("eventbridge-target-has-role", build, {}, true), []);
    });
});
