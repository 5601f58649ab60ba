import { stepFunctionsIntegration } from "../aws";
import { PIPELINE_STEPS, PipelineStep } from "./steps";

/**
 * The retraining state machine (seed 000's PreProcessData -> TrainModel -> Validate -> PublishArtifacts ->
 * Notify) as a pure function of plain values, so it can be validated and executed locally.
 *
 * Fixed from the seed: every ECS step carries cluster, task definition, FARGATE, private subnets, a
 * security group and no public IP (the seed set them on the first step only, which fails on Fargate);
 * every task has a timeout, retries transient errors with backoff (never States.Permissions or
 * States.ALL), and catches everything into a failure notification that carries the cause, then fails.
 * Publishing is gated on the accuracy the validation step wrote; each run works under
 * `runs/<model>/<execution name>/`, so a retried step rewrites the same objects (idempotent).
 */

export const STATES = {
    preprocessing: "PreProcessData",
    training: "TrainModel",
    validation: "Validate",
    readMetrics: "ReadValidationMetrics",
    gate: "AccuracyGate",
    publish: "PublishArtifacts",
    notifySuccess: "NotifySuccess",
    succeeded: "RetrainSucceeded",
    notifyRejected: "NotifyModelRejected",
    rejected: "ModelRejected",
    metricsInvalid: "ValidationMetricsInvalid",
    notifyFailure: "NotifyFailure",
    failed: "RetrainFailed",
} as const;

const STEP_STATES: Record<PipelineStep, string> = {
    preprocessing: STATES.preprocessing,
    training: STATES.training,
    validation: STATES.validation,
    publish: STATES.publish,
};

/** Errors worth retrying: throttling and service-side failures. Never States.ALL / States.Permissions. */
export const TRANSIENT_ERRORS = {
    // AmazonECS.Unknown: RunTask returned failures (e.g. no Fargate capacity); the others are API errors.
    ecs: ["AmazonECS.Unknown", "ECS.AmazonECSException", "ECS.ServerException", "ECS.ThrottlingException", "ECS.LimitExceededException"],
    sns: ["SNS.ThrottledException", "SNS.InternalErrorException", "SNS.KMSThrottlingException"],
    // S3 server errors reach the aws-sdk integration as S3.S3Exception.
    s3: ["S3.S3Exception", "S3.SdkClientException"],
};

export interface RetrainDefinitionInput {
    modelName: string;
    clusterArn: string;
    taskDefinitionArns: Record<PipelineStep, string>;
    subnetIds: string[];
    securityGroupIds: string[];
    topicArn: string;
    /** Bucket the validation step writes `runs/<model>/<execution>/metrics.json` to. */
    artifactsBucket: string;
    accuracyThreshold: number;
    timeoutMinutes: Record<PipelineStep, number>;
    /** AWS partition of the integration ARNs. Default `aws`. */
    partition?: string;
}

/** Prefix of one execution's objects: `runs/<model>/<execution name>/`. */
export function runPrefixExpression(modelName: string): string {
    return `States.Format('runs/${modelName}/{}/', $$.Execution.Name)`;
}

function retry(errors: string[], intervalSeconds: number) {
    return [{ ErrorEquals: errors, IntervalSeconds: intervalSeconds, BackoffRate: 2, MaxAttempts: 3, JitterStrategy: "FULL" }];
}

function catchInto(next: string) {
    return [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: next }];
}

function failureRecorder(state: string): string {
    return `${state}Failed`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an ASL document is JSON; tests and asl-validator walk it freely
export function retrainDefinition(input: RetrainDefinitionInput): Record<string, any> {
    const { modelName } = input;
    const integration = (name: string) => stepFunctionsIntegration(input.partition ?? "aws", name);
    const states: Record<string, Record<string, unknown>> = {};

    PIPELINE_STEPS.forEach((step) => {
        const state = STEP_STATES[step];
        const next = step === "validation" ? STATES.readMetrics : step === "publish" ? STATES.notifySuccess : STEP_STATES[PIPELINE_STEPS[PIPELINE_STEPS.indexOf(step) + 1]];
        states[state] = {
            Type: "Task",
            Comment: `Runs the ${step} container on Fargate and waits for it to finish`,
            Resource: integration("ecs:runTask.sync"),
            Parameters: {
                LaunchType: "FARGATE",
                PlatformVersion: "LATEST",
                Cluster: input.clusterArn,
                TaskDefinition: input.taskDefinitionArns[step],
                NetworkConfiguration: {
                    AwsvpcConfiguration: { Subnets: input.subnetIds, SecurityGroups: input.securityGroupIds, AssignPublicIp: "DISABLED" },
                },
                Overrides: {
                    ContainerOverrides: [
                        {
                            Name: step,
                            Environment: [
                                { Name: "RUN_ID", "Value.$": "$$.Execution.Name" },
                                { Name: "RUN_PREFIX", "Value.$": runPrefixExpression(modelName) },
                            ],
                        },
                    ],
                },
                PropagateTags: "TASK_DEFINITION",
                EnableECSManagedTags: true,
            },
            TimeoutSeconds: input.timeoutMinutes[step] * 60,
            ResultPath: null,
            Retry: retry(TRANSIENT_ERRORS.ecs, 30),
            Catch: catchInto(failureRecorder(state)),
            Next: next,
        };
    });

    states[STATES.readMetrics] = {
        Type: "Task",
        Comment: "Reads the metrics the validation step wrote for this execution",
        Resource: integration("aws-sdk:s3:getObject"),
        Parameters: {
            Bucket: input.artifactsBucket,
            "Key.$": `States.Format('runs/${modelName}/{}/metrics.json', $$.Execution.Name)`,
        },
        ResultSelector: { "metrics.$": "States.StringToJson($.Body)" },
        ResultPath: "$.validation",
        TimeoutSeconds: 60,
        Retry: retry(TRANSIENT_ERRORS.s3, 5),
        Catch: catchInto(failureRecorder(STATES.readMetrics)),
        Next: STATES.gate,
    };

    const accuracy = "$.validation.metrics.accuracy";
    const accuracyIsNumber = [
        { Variable: accuracy, IsPresent: true },
        { Variable: accuracy, IsNumeric: true },
    ];
    states[STATES.gate] = {
        Type: "Choice",
        Comment: `Publishes only a model whose validation accuracy is at least ${input.accuracyThreshold}`,
        Choices: [
            { And: [...accuracyIsNumber, { Variable: accuracy, NumericGreaterThanEquals: input.accuracyThreshold }], Next: STATES.publish },
            { And: [...accuracyIsNumber, { Variable: accuracy, NumericLessThan: input.accuracyThreshold }], Next: STATES.notifyRejected },
        ],
        Default: STATES.metricsInvalid,
    };

    states[STATES.metricsInvalid] = {
        Type: "Pass",
        Comment: "metrics.json has no numeric accuracy: treat as a failure of the validation step",
        Parameters: {
            failedStep: STATES.validation,
            error: { Error: "ValidationMetricsInvalid", Cause: "metrics.json has no numeric 'accuracy' field" },
        },
        Next: STATES.notifyFailure,
    };

    const publish = (subject: string, message: string, next: string) => ({
        Type: "Task",
        Resource: integration("sns:publish"),
        Parameters: { TopicArn: input.topicArn, Subject: subject, "Message.$": message },
        TimeoutSeconds: 60,
        ResultPath: null,
        Retry: retry(TRANSIENT_ERRORS.sns, 5),
        Next: next,
    });

    states[STATES.notifySuccess] = {
        ...publish(
            `Model ${modelName} retrained and published`,
            `States.Format('Model ${modelName} retrained and published. Execution {}, validation accuracy {}, artifacts under runs/${modelName}/{}/.', $$.Execution.Name, ${accuracy}, $$.Execution.Name)`,
            STATES.succeeded,
        ),
        Catch: catchInto(STATES.failed),
    };
    states[STATES.succeeded] = { Type: "Succeed" };

    states[STATES.notifyRejected] = {
        ...publish(
            `Model ${modelName} not published: accuracy below threshold`,
            `States.Format('Model ${modelName} was NOT published: validation accuracy {} is below the threshold ${input.accuracyThreshold}. Execution {}.', ${accuracy}, $$.Execution.Name)`,
            STATES.rejected,
        ),
        Catch: catchInto(STATES.failed),
    };
    states[STATES.rejected] = { Type: "Succeed", Comment: "The pipeline worked; the model did not qualify" };

    for (const state of [...PIPELINE_STEPS.map((s) => STEP_STATES[s]), STATES.readMetrics]) {
        states[failureRecorder(state)] = {
            Type: "Pass",
            Comment: `Records that ${state} failed, for the notification`,
            Parameters: { failedStep: state, "error.$": "$.error" },
            Next: STATES.notifyFailure,
        };
    }

    states[STATES.notifyFailure] = {
        ...publish(
            `Model ${modelName} retraining FAILED`,
            `States.Format('Retraining of model ${modelName} failed at {}. Error: {}. Cause: {}. Execution {}.', $.failedStep, $.error.Error, $.error.Cause, $$.Execution.Name)`,
            STATES.failed,
        ),
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.notificationError", Next: STATES.failed }],
    };
    states[STATES.failed] = { Type: "Fail", Error: "RetrainFailed", Cause: "A pipeline step failed; see the failure notification and the execution history" };

    return {
        Comment: `Retraining pipeline of model ${modelName}: preprocess, train, validate, publish if accuracy >= ${input.accuracyThreshold}, notify`,
        StartAt: STATES.preprocessing,
        TimeoutSeconds: Object.values(input.timeoutMinutes).reduce((a, b) => a + b, 0) * 60 * 4 + 3600,
        States: states,
    };
}
