import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { deadLetterQueuePolicy } from "./iam";
import { EventRulePurpose } from "./names";
import { PipelinePartArgs, PipelineRoles, movedInto, pipelineLogGroup } from "./part";
import { retrainDefinition } from "./stateMachine";
import { PIPELINE_STEPS, PipelineStep } from "./steps";

/** What the orchestration runs and reports to, created by the other parts. */
export interface OrchestrationInputs {
    clusterArn: pulumi.Input<string>;
    taskDefinitionArns: Record<PipelineStep, pulumi.Input<string>>;
    taskSecurityGroupId: pulumi.Input<string>;
    alertsTopicArn: pulumi.Input<string>;
    sourceRepositoryArn: pulumi.Input<string>;
    buildProject: { arn: pulumi.Input<string>; name: pulumi.Input<string> };
}

/**
 * Orchestration of a retraining pipeline: the Step Functions state machine that runs the steps with an
 * accuracy gate, its schedule (EventBridge Scheduler, retried, dead-lettered), the rules that start the
 * image build on a push and notify failed executions and builds, and the dead-letter queue of all of them.
 */
export class RetrainPipelineOrchestration extends pulumi.ComponentResource {
    readonly stateMachine: aws.sfn.StateMachine;
    readonly schedule: aws.scheduler.Schedule;
    readonly deadLetterQueue: aws.sqs.Queue;

    constructor(resourceName: string, part: PipelinePartArgs & PipelineRoles & OrchestrationInputs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:RetrainPipelineOrchestration", resourceName, {}, opts);
        const { name, args, names, ctx, pipeline, roles, permissions } = part;
        const s = args.settings;
        const moved = movedInto(this, pipeline);

        const stateMachineLogs = pipelineLogGroup(`${name}-states`, names.stateMachineLogGroup, args, moved);
        this.stateMachine = new aws.sfn.StateMachine(
            `${name}-pipeline`,
            {
                name: names.stateMachine,
                type: "STANDARD",
                roleArn: roles.states.arn,
                definition: pulumi
                    .all([
                        part.clusterArn,
                        pulumi.all(PIPELINE_STEPS.map((st) => part.taskDefinitionArns[st])),
                        pulumi.output(args.network.subnetIds),
                        part.taskSecurityGroupId,
                        part.alertsTopicArn,
                        args.artifactsBucket.name,
                        ctx,
                    ])
                    .apply(([clusterArn, taskArns, subnetIds, sg, topicArn, artifactsBucket, c]) =>
                        JSON.stringify(
                            retrainDefinition({
                                partition: c.partition,
                                modelName: s.name,
                                clusterArn,
                                taskDefinitionArns: Object.fromEntries(PIPELINE_STEPS.map((st, i) => [st, taskArns[i]])) as Record<PipelineStep, string>,
                                subnetIds,
                                securityGroupIds: [sg],
                                topicArn,
                                artifactsBucket,
                                accuracyThreshold: s.accuracyThreshold,
                                timeoutMinutes: Object.fromEntries(PIPELINE_STEPS.map((st) => [st, s.steps[st].timeoutMinutes])) as Record<PipelineStep, number>,
                            }),
                        ),
                    ),
                loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: pulumi.interpolate`${stateMachineLogs.arn}:*` },
                tracingConfiguration: { enabled: true },
            },
            { ...moved, dependsOn: [permissions.states, stateMachineLogs] },
        );

        // Dead letters of the schedule and of the rules.
        const deadLetters = (this.deadLetterQueue = new aws.sqs.Queue(
            `${name}-dlq`,
            { name: names.deadLetterQueue, kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300, messageRetentionSeconds: 14 * 24 * 3600 },
            moved,
        ));

        // Schedule: EventBridge Scheduler, in the configured time zone, retried, dead-lettered.
        this.schedule = new aws.scheduler.Schedule(
            `${name}-schedule`,
            {
                name: names.schedule,
                description: s.imageTag ? `Retrains model ${s.name}: ${s.schedule} (${s.scheduleTimezone})` : `Disabled until settings.imageTag names a built image of model ${s.name}`,
                scheduleExpression: s.schedule,
                scheduleExpressionTimezone: s.scheduleTimezone,
                flexibleTimeWindow: { mode: "OFF" },
                // No image has been released yet: running would only fail on CannotPullContainerError.
                state: s.imageTag ? "ENABLED" : "DISABLED",
                target: {
                    arn: this.stateMachine.arn,
                    roleArn: roles.scheduler.arn,
                    input: JSON.stringify({ trigger: "schedule", model: s.name }),
                    retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
                    deadLetterConfig: { arn: deadLetters.arn },
                },
            },
            { ...moved, dependsOn: [permissions.scheduler] },
        );

        // Events: pushes start the image build; failed executions and builds notify.
        const rule = (purpose: EventRulePurpose, pattern: pulumi.Input<object>) =>
            new aws.cloudwatch.EventRule(`${name}-${purpose}`, { name: names.eventRule(purpose), eventPattern: pulumi.output(pattern).apply((p) => JSON.stringify(p)) }, moved);
        const pushRule = rule("on-push", {
            source: ["aws.codecommit"],
            "detail-type": ["CodeCommit Repository State Change"],
            resources: [part.sourceRepositoryArn],
            detail: { event: ["referenceCreated", "referenceUpdated"], referenceType: ["branch"], referenceName: [s.branch] },
        });
        const executionFailedRule = rule("execution-failed", {
            source: ["aws.states"],
            "detail-type": ["Step Functions Execution Status Change"],
            detail: { status: ["FAILED", "TIMED_OUT", "ABORTED"], stateMachineArn: [this.stateMachine.arn] },
        });
        const buildFailedRule = rule("build-failed", {
            source: ["aws.codebuild"],
            "detail-type": ["CodeBuild Build State Change"],
            detail: { "build-status": ["FAILED", "STOPPED"], "project-name": [part.buildProject.name] },
        });
        const retryPolicy = { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 };
        new aws.cloudwatch.EventTarget(
            `${name}-on-push`,
            { rule: pushRule.name, arn: part.buildProject.arn, roleArn: roles.trigger.arn, retryPolicy, deadLetterConfig: { arn: deadLetters.arn } },
            { ...moved, dependsOn: [permissions.trigger] },
        );
        for (const [purpose, r] of [["execution-failed", executionFailedRule], ["build-failed", buildFailedRule]] as const) {
            new aws.cloudwatch.EventTarget(`${name}-${purpose}`, { rule: r.name, arn: part.alertsTopicArn, retryPolicy, deadLetterConfig: { arn: deadLetters.arn } }, moved);
        }
        new aws.sqs.QueuePolicy(
            `${name}-dlq`,
            {
                queueUrl: deadLetters.url,
                policy: pulumi
                    .all([deadLetters.arn, pushRule.arn, executionFailedRule.arn, buildFailedRule.arn])
                    .apply(([queueArn, ...ruleArns]) => JSON.stringify(deadLetterQueuePolicy(queueArn, ruleArns))),
            },
            moved,
        );
        this.registerOutputs({ stateMachineArn: this.stateMachine.arn, scheduleArn: this.schedule.arn, deadLetterQueueArn: deadLetters.arn });
    }
}
