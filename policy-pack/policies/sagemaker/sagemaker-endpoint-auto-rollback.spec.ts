import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, inPreview } from "../../../test/support/policySpec";

const POLICY = "sagemaker-endpoint-auto-rollback";
const blueGreen = { trafficRoutingConfiguration: { type: "CANARY", waitIntervalInSeconds: 300, canarySize: { type: "CAPACITY_PERCENT", value: 10 } }, terminationWaitInSeconds: 300 };
const alarms = { alarms: [{ alarmName: "churn-5xx" }, { alarmName: "churn-latency" }] };

describe(POLICY, () => {
    it("accepts blue/green or rolling updates with rollback alarms, and reports what is missing", async () => {
        const found = await findings(POLICY, () => {
            new aws.sagemaker.Endpoint("blue-green", { endpointConfigName: "c", deploymentConfig: { blueGreenUpdatePolicy: blueGreen, autoRollbackConfiguration: alarms } });
            new aws.sagemaker.Endpoint("rolling", { endpointConfigName: "c", deploymentConfig: { rollingUpdatePolicy: { maximumBatchSize: { type: "CAPACITY_PERCENT", value: 25 }, waitIntervalInSeconds: 120 }, autoRollbackConfiguration: alarms } });
            new aws.sagemaker.Endpoint("no-alarms", { endpointConfigName: "c", deploymentConfig: { blueGreenUpdatePolicy: blueGreen } });
            new aws.sagemaker.Endpoint("bare", { endpointConfigName: "c" });
        });
        assert.deepEqual(found.map((f) => f.replace(/ Fix:.*/, "")).sort(), [
            'bare: Endpoint "bare" has no alarms to roll a failing update back.',
            'bare: Endpoint "bare" updates without a deployment policy, all traffic at once.',
            'no-alarms: Endpoint "no-alarms" has no alarms to roll a failing update back.',
        ]);
    });

    it("counts alarms unknown in preview as set", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const alarm = new aws.cloudwatch.MetricAlarm("errors", { comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, threshold: 1, metricName: "Invocation5XXErrors", namespace: "AWS/SageMaker", period: 60, statistic: "Sum" });
            new aws.sagemaker.Endpoint("later", { endpointConfigName: "c", deploymentConfig: { blueGreenUpdatePolicy: blueGreen, autoRollbackConfiguration: { alarms: [{ alarmName: alarm.name }] } } });
        });
        assert.deepEqual(violations, []);
        assert.deepEqual(skips, []);
    });
});
