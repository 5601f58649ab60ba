import {
    ECR_LOGIN,
    ECR_PULL,
    ECR_PUSH,
    ECS_SYNC_RULE,
    ECS_SYNC_RULE_ACTIONS,
    KMS_USE,
    PolicyDocument,
    STATE_MACHINE_OBSERVABILITY,
    WRITE_LOGS,
    allow,
    policyDocument,
    serviceTopicPolicy,
    trustPolicy,
} from "../iam/statements";
import { Arns, AwsContext } from "../naming";
import type { PipelineNames } from "./names";
import { PIPELINE_STEPS, PipelineStep } from "./steps";
import { SERVICE_PRINCIPALS, viaServiceHost } from "../aws";

/**
 * The pipeline's own roles and resource policies as plain data. Unlike the platform-wide MlRoles, these
 * name the exact resources of one model's pipeline: the Step Functions role may run only these four task
 * definitions on this cluster, pass only these roles to ECS, touch only the managed ECS sync rule and
 * publish only to this topic; CodeBuild may pull only this repository and push only to this ECR repository.
 */

export type PipelineRoleKey = "build" | "trigger" | "execution" | "states" | "scheduler" | `task-${PipelineStep}`;

export const PIPELINE_SERVICES: Record<PipelineRoleKey, string> = {
    build: SERVICE_PRINCIPALS.codebuild,
    trigger: SERVICE_PRINCIPALS.events,
    execution: SERVICE_PRINCIPALS.ecsTasks,
    states: SERVICE_PRINCIPALS.states,
    scheduler: SERVICE_PRINCIPALS.scheduler,
    "task-preprocessing": SERVICE_PRINCIPALS.ecsTasks,
    "task-training": SERVICE_PRINCIPALS.ecsTasks,
    "task-validation": SERVICE_PRINCIPALS.ecsTasks,
    "task-publish": SERVICE_PRINCIPALS.ecsTasks,
};

export const PIPELINE_ROLE_KEYS = Object.keys(PIPELINE_SERVICES) as PipelineRoleKey[];

export interface PipelineIamInput {
    names: PipelineNames;
    ctx: AwsContext;
    dataBucketArn: string;
    artifactsBucketArn: string;
    kmsKeyArn: string;
    secretArn: string;
    metricNamespace: string;
}

/** A log group and its streams: CreateLogStream authorises on the group, PutLogEvents on the stream. */
function groupAndStreams(arns: Arns, group: string): string[] {
    return [arns.logGroup(group), arns.logGroup(`${group}:log-stream:*`)];
}

/** What each step reads and writes: (bucket, prefix) pairs under the per-run layout. */
function stepDataAccess(step: PipelineStep, names: PipelineNames, data: string, artifacts: string) {
    const runs = names.runsPrefix;
    const table: Record<PipelineStep, { read: string[]; write: string[] }> = {
        preprocessing: { read: [`${data}/raw/*`], write: [`${data}/${runs}*`] },
        training: { read: [`${data}/${runs}*`], write: [`${artifacts}/${runs}*`] },
        validation: { read: [`${data}/${runs}*`, `${artifacts}/${runs}*`], write: [`${artifacts}/${runs}*`] },
        publish: { read: [`${artifacts}/${runs}*`], write: [`${artifacts}/${names.publishedPrefix}*`] },
    };
    return table[step];
}

export function pipelineRolePolicies(input: PipelineIamInput): Record<PipelineRoleKey, PolicyDocument> {
    const { names, ctx, dataBucketArn: data, artifactsBucketArn: artifacts, kmsKeyArn } = input;
    const arns = new Arns(ctx);
    const doc = policyDocument;
    const repository = arns.of("ecr", `repository/${names.repository}`);
    const role = (key: PipelineRoleKey) => arns.role(names.role(key));
    // Each role may use the platform key only through the services it works with.
    const keyVia = (...services: string[]) =>
        allow("UsePlatformKeyThroughItsServices", KMS_USE, [kmsKeyArn], {
            StringEquals: { "kms:ViaService": services.map((svc) => viaServiceHost(svc, ctx.region)) },
        });
    const ecrLogin = ECR_LOGIN;
    const clusterArn = arns.of("ecs", `cluster/${names.cluster}`);

    const tasks = Object.fromEntries(
        PIPELINE_STEPS.map((step) => {
            const access = stepDataAccess(step, names, data, artifacts);
            const prefixes = [...access.read, ...access.write]
                .map((r) => r.replace(/^arn:[^:]+:s3:::[^/]+\//, ""))
                .filter((p, i, all) => all.indexOf(p) === i);
            const statements = [
                allow("ListOwnPrefixes", ["s3:ListBucket"], [data, artifacts], { StringLike: { "s3:prefix": prefixes } }),
                allow("ReadInputs", ["s3:GetObject"], access.read),
                allow("WriteOutputs", ["s3:PutObject"], access.write),
                keyVia("s3"),
            ];
            if (step === "validation") {
                statements.push(
                    allow("PublishModelAccuracy", ["cloudwatch:PutMetricData"], ["*"], { StringEquals: { "cloudwatch:namespace": input.metricNamespace } }),
                );
            }
            return [`task-${step}`, doc(...statements)];
        }),
    ) as Record<`task-${PipelineStep}`, PolicyDocument>;

    return {
        build: doc(
            allow("WriteBuildLogs", WRITE_LOGS, groupAndStreams(arns, names.buildLogGroup)),
            allow("PullThisRepository", ["codecommit:GitPull"], [arns.of("codecommit", names.repository)]),
            ecrLogin,
            allow("PushThisImageRepository", [...ECR_PULL, ...ECR_PUSH, "ecr:DescribeImages"], [repository]),
            keyVia("codecommit", "s3"),
        ),
        trigger: doc(allow("StartThisBuild", ["codebuild:StartBuild"], [arns.of("codebuild", `project/${names.buildProject}`)])),
        execution: doc(
            ecrLogin,
            allow("PullThisImageRepository", ECR_PULL, [repository]),
            allow(
                "WriteStepLogs",
                WRITE_LOGS,
                PIPELINE_STEPS.flatMap((s) => groupAndStreams(arns, names.stepLogGroup(s))),
            ),
            allow("InjectTrainingParameters", ["ssm:GetParameters"], [arns.of("ssm", `parameter${names.parameterPath}*`)]),
            allow("InjectDatabaseCredentials", ["secretsmanager:GetSecretValue"], [input.secretArn]),
            allow("DecryptInjectedValues", ["kms:Decrypt"], [kmsKeyArn], {
                StringEquals: { "kms:ViaService": ["ssm", "secretsmanager"].map((svc) => viaServiceHost(svc, ctx.region)) },
            }),
        ),
        ...tasks,
        states: doc(
            allow(
                "RunOnlyThesePipelineTasks",
                ["ecs:RunTask"],
                PIPELINE_STEPS.map((s) => arns.of("ecs", `task-definition/${names.taskFamily(s)}:*`)),
                { ArnEquals: { "ecs:cluster": clusterArn } },
            ),
            allow("TrackPipelineTasks", ["ecs:StopTask", "ecs:DescribeTasks"], [arns.of("ecs", `task/${names.cluster}/*`)]),
            // RunTask propagates the task definition's tags: ECS authorises that as TagResource on the new task.
            allow("TagTasksItRuns", ["ecs:TagResource"], [arns.of("ecs", `task/${names.cluster}/*`)], { StringEquals: { "ecs:CreateAction": "RunTask" } }),
            allow("ManagedEcsSyncRuleOnly", ECS_SYNC_RULE_ACTIONS, [arns.of("events", ECS_SYNC_RULE)]),
            allow("PassOnlyPipelineTaskRolesToEcs", ["iam:PassRole"], [role("execution"), ...PIPELINE_STEPS.map((s) => role(`task-${s}`))], {
                StringEquals: { "iam:PassedToService": SERVICE_PRINCIPALS.ecsTasks },
            }),
            allow("NotifyThisTopic", ["sns:Publish"], [arns.of("sns", names.topic)]),
            allow("ReadValidationMetrics", ["s3:GetObject"], [`${artifacts}/${names.runsPrefix}*/metrics.json`]),
            keyVia("sns", "s3"),
            ...STATE_MACHINE_OBSERVABILITY,
        ),
        scheduler: doc(
            allow("StartOnlyThisStateMachine", ["states:StartExecution"], [arns.of("states", `stateMachine:${names.stateMachine}`)]),
            allow("DeadLetterUndeliveredRuns", ["sqs:SendMessage"], [arns.of("sqs", names.deadLetterQueue)]),
            keyVia("sqs"),
        ),
    };
}

/** Trust policies, one service each, for this account only. */
export function pipelineTrustPolicy(key: PipelineRoleKey, accountId: string): object {
    return trustPolicy(PIPELINE_SERVICES[key], accountId);
}

/** ECR repository policy: pull for the task execution role, push for the build role, nobody else. */
export function repositoryPolicy(names: PipelineNames, ctx: AwsContext): object {
    const arns = new Arns(ctx);
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "TasksPull", Effect: "Allow", Principal: { AWS: arns.role(names.role("execution")) }, Action: ECR_PULL },
            { Sid: "BuildPushes", Effect: "Allow", Principal: { AWS: arns.role(names.role("build")) }, Action: [...ECR_PULL, ...ECR_PUSH] },
        ],
    };
}

/** SNS topic policy: CloudWatch alarms and EventBridge rules of this account may publish; TLS only. */
export function topicPolicy(topicArn: string, accountId: string): object {
    return serviceTopicPolicy(topicArn, accountId, "AlarmsAndRulesOfThisAccountPublish", [SERVICE_PRINCIPALS.cloudwatch, SERVICE_PRINCIPALS.events]);
}

/** DLQ policy: only this pipeline's EventBridge rules may send undeliverable events; TLS only. */
export function deadLetterQueuePolicy(queueArn: string, ruleArns: string[]): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PipelineRulesDeadLetter",
                Effect: "Allow",
                Principal: { Service: SERVICE_PRINCIPALS.events },
                Action: "sqs:SendMessage",
                Resource: queueArn,
                Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "sqs:*",
                Resource: queueArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
