import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { topicPolicy } from "./iam";
import { AlarmPurpose } from "./names";
import { PipelinePartArgs, movedInto } from "./part";

/** What the alarms watch: created by the other parts, after the topic they publish to. */
export interface WatchedResources {
    stateMachineArn: pulumi.Input<string>;
    buildProjectName: pulumi.Input<string>;
    deadLetterQueueName: pulumi.Input<string>;
}

/**
 * Alerts of a retraining pipeline: an encrypted topic that alarms and EventBridge rules of this account may
 * publish to, its e-mail subscriptions, and the alarms. The topic comes first (the state machine and the
 * rules publish to it); the alarms watch what the other parts create, so they are added by `watch`.
 */
export class RetrainPipelineAlerts extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    private readonly part: PipelinePartArgs;

    constructor(resourceName: string, part: PipelinePartArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:RetrainPipelineAlerts", resourceName, {}, opts);
        this.part = part;
        const { name, args, names, ctx, pipeline } = part;
        const moved = movedInto(this, pipeline);
        this.topic = new aws.sns.Topic(`${name}-alerts`, { name: names.topic, kmsMasterKeyId: args.kmsKeyArn }, moved);
        new aws.sns.TopicPolicy(
            `${name}-alerts`,
            { arn: this.topic.arn, policy: pulumi.all([this.topic.arn, ctx]).apply(([arn, c]) => JSON.stringify(topicPolicy(arn, c.accountId))) },
            moved,
        );
        args.alertEmails.forEach((email, i) =>
            new aws.sns.TopicSubscription(`${name}-alert-email-${i}`, { topic: this.topic.arn, protocol: "email", endpoint: email }, moved),
        );
        this.registerOutputs({ topicArn: this.topic.arn });
    }

    /** The seed's accuracy alarm, plus failed/timed-out executions, failed builds and dead letters. */
    watch(watched: WatchedResources): void {
        const { name, args, names, pipeline } = this.part;
        const s = args.settings;
        const moved = movedInto(this, pipeline);
        const alarm = (purpose: AlarmPurpose, a: Omit<aws.cloudwatch.MetricAlarmArgs, "name" | "alarmActions" | "okActions">) =>
            new aws.cloudwatch.MetricAlarm(`${name}-${purpose}`, { name: names.alarm(purpose), alarmActions: [this.topic.arn], okActions: [this.topic.arn], ...a }, moved);
        alarm("low-accuracy", {
            alarmDescription: `Validation accuracy of model ${s.name} below ${s.accuracyThreshold}`,
            namespace: s.metricNamespace,
            metricName: "ModelAccuracy",
            dimensions: { Model: s.name },
            statistic: "Average",
            period: 300,
            evaluationPeriods: 1,
            threshold: s.accuracyThreshold,
            comparisonOperator: "LessThanThreshold",
            // The metric exists only while a run validates; silence between runs is normal.
            treatMissingData: "notBreaching",
        });
        // Alarms that fire on any occurrence in five minutes; silence (no runs, no builds) is not an alarm.
        const anyOccurrence = (purpose: AlarmPurpose, description: string, namespace: string, metricName: string, dimensions: Record<string, pulumi.Input<string>>, statistic = "Sum") =>
            alarm(purpose, {
                alarmDescription: description,
                namespace,
                metricName,
                dimensions,
                statistic,
                period: 300,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
            });
        const stateMachineArn = { StateMachineArn: watched.stateMachineArn };
        anyOccurrence("executions-failed", `ExecutionsFailed of the ${s.name} retraining state machine`, "AWS/States", "ExecutionsFailed", stateMachineArn);
        anyOccurrence("executions-timed-out", `ExecutionsTimedOut of the ${s.name} retraining state machine`, "AWS/States", "ExecutionsTimedOut", stateMachineArn);
        anyOccurrence("builds-failed", `Failed image builds of ${s.name}`, "AWS/CodeBuild", "FailedBuilds", { ProjectName: watched.buildProjectName });
        anyOccurrence("dead-letters", `Scheduled runs or events of ${s.name} that could not be delivered`, "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: watched.deadLetterQueueName }, "Maximum");
    }
}
