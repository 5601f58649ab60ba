import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { findings, KEY, reported, ROLE } from "../../../test/support/policySpec";

const definition = JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } });

describe("sfn-logging-and-tracing", () => {
    it("reports a state machine without logging and tracing and passes a logged, traced one", async () => {
        const found = await findings("sfn-logging-and-tracing", () => {
            new aws.sfn.StateMachine("ok", {
                roleArn: ROLE,
                definition,
                loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:/x:*" },
                tracingConfiguration: { enabled: true },
            });
            new aws.sfn.StateMachine("seed", { roleArn: ROLE, definition });
        });
        assert.deepEqual(found.sort(), [
            'seed: StateMachine "seed" is not traced. Fix: set tracingConfiguration: { enabled: true }.',
            'seed: StateMachine "seed" logs at level OFF with no destination. Fix: set loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: "<log group ARN>:*" }.',
        ]);
    });

    it("counts a log destination unknown in preview as set", async () => {
        const build = () => {
            const group = new aws.cloudwatch.LogGroup("sfn", { kmsKeyId: KEY, retentionInDays: 30 });
            new aws.sfn.StateMachine("ok", {
                roleArn: ROLE,
                definition,
                loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: pulumi.interpolate`${group.arn}:*` },
                tracingConfiguration: { enabled: true },
            });
        };
        assert.deepEqual(await reported("sfn-logging-and-tracing", build, {}, true), []);
    });
});
