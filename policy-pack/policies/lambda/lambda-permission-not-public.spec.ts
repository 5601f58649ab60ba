import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inPreview, findings, reported } from "../../../test/support/policySpec";

const POLICY = "lambda-permission-not-public";

describe(POLICY, () => {
    it("accepts named principals and \"*\" limited by source or organisation", async () => {
        const found = await reported(POLICY, () => {
            new aws.lambda.Permission("events", { function: "f", action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: "arn:aws:events:us-east-1:123456789012:rule/r" });
            new aws.lambda.Permission("org", { function: "f", action: "lambda:InvokeFunction", principal: "*", principalOrgId: "o-abc123" });
            new aws.lambda.Permission("account", { function: "f", action: "lambda:InvokeFunction", principal: "*", sourceAccount: "123456789012" });
        });
        assert.deepEqual(found, []);
    });

    it("reports a permission any AWS principal can use", async () => {
        const found = await findings(POLICY, () => {
            new aws.lambda.Permission("anyone", { function: "f", action: "lambda:InvokeFunction", principal: "*" });
        });
        assert.deepEqual(found, ['anyone: Permission "anyone" lets any AWS principal call lambda:InvokeFunction. Fix: name the invoking principal, or set sourceArn, sourceAccount or principalOrgId.']);
    });

    it("counts a source ARN unknown in preview as set (it is another resource's ARN): nothing to skip", async () => {
        const result = await inPreview(POLICY, () => {
            const rule = new aws.cloudwatch.EventRule("r", { scheduleExpression: "rate(1 hour)" });
            new aws.lambda.Permission("later", { function: "f", action: "lambda:InvokeFunction", principal: "*", sourceArn: rule.arn });
        });
        assert.deepEqual(result, { violations: [], skips: [] });
    });
});
