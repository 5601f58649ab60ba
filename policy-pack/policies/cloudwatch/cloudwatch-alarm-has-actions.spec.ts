import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { KEY, reported } from "../../../test/support/policySpec";

const alarm = { comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, metricName: "Errors", namespace: "AWS/Lambda", period: 60, statistic: "Sum", threshold: 1 };

describe("cloudwatch-alarm-has-actions", () => {
    it("reports an alarm that notifies nobody", async () => {
        assert.deepEqual(
            await reported("cloudwatch-alarm-has-actions", () => {
                new aws.cloudwatch.MetricAlarm("notifies", { ...alarm, alarmActions: ["arn:aws:sns:us-east-1:123456789012:t"] });
                new aws.cloudwatch.MetricAlarm("silent", alarm);
            }),
            ["silent"],
        );
    });

    it("counts a topic unknown in preview as an action", async () => {
        const build = () => {
            const topic = new aws.sns.Topic("alerts", { kmsMasterKeyId: KEY });
            new aws.cloudwatch.MetricAlarm("notifies", { ...alarm, alarmActions: [topic.arn] });
        };
        assert.deepEqual(await reported("cloudwatch-alarm-has-actions", build, {}, true), []);
    });
});
