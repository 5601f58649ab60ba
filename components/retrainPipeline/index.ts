import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Naming, lookupAwsContext } from "../naming";
import { parseArgs } from "../args";
import { PIPELINE_STEPS, PipelineStep, RetrainPipelineArgs, SECRET_LOOKING_NAME, retrainPipelineArgsSchema } from "./args";
import {
    PIPELINE_ROLE_KEYS,
    PipelineRoleKey,
    deadLetterQueuePolicy,
    pipelineRolePolicies,
    pipelineTrustPolicy,
    repositoryPolicy,
    topicPolicy,
} from "./iam";
import { AlarmPurpose, EventRulePurpose, PipelineNames } from "./names";
import { retrainDefinition } from "./stateMachine";

export * from "./args";
export * from "./names";
export { retrainDefinition, STATES } from "./stateMachine";

/** The buildspec of the training image, kept as a file so it can be read and reviewed as such. */
export const DEFAULT_BUILDSPEC = path.join(__dirname, "..", "..", "buildspecs", "training-image.yml");

/** Tag the task definitions name until `settings.imageTag` is set; the schedule stays disabled meanwhile. */
export const UNRELEASED_TAG = "unreleased";

/**
 * The scheduled model-retraining pipeline of one model (seed 000, production-grade): source and image
 * build, Fargate tasks for the four steps, the Step Functions state machine that runs them with an
 * accuracy gate, the schedule, parameters and credentials, alerts, alarms and least-privilege roles.
 */
export class RetrainPipeline extends pulumi.ComponentResource {
    readonly names: PipelineNames;
    readonly repository: aws.codecommit.Repository;
    readonly imageRepository: aws.ecr.Repository;
    readonly buildProject: aws.codebuild.Project;
    readonly cluster: aws.ecs.Cluster;
    readonly taskDefinitions: Record<PipelineStep, aws.ecs.TaskDefinition>;
    readonly stateMachine: aws.sfn.StateMachine;
    readonly schedule: aws.scheduler.Schedule;
    readonly alertsTopic: aws.sns.Topic;
    readonly credentials: aws.secretsmanager.Secret;
    readonly roles: Record<PipelineRoleKey, aws.iam.Role>;

    constructor(name: string, rawArgs: RetrainPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:RetrainPipeline", name, {}, opts);
        const args = parseArgs(retrainPipelineArgsSchema, rawArgs, "RetrainPipeline", name);
        const s = args.settings;
        const names = (this.names = new PipelineNames(new Naming(args.prefix, args.environment), s.name));
        const ctx = args.context ? pulumi.output(args.context) : lookupAwsContext({ parent: this });
        const protect = args.protect ?? false;
        const child = { parent: this };
        const kept = { parent: this, protect };

        // --- Logs: created up front, encrypted, with retention (nothing writes to an unmanaged group).
        const logGroup = (resourceName: string, groupName: string) =>
            new aws.cloudwatch.LogGroup(resourceName, { name: groupName, retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKeyArn }, child);
        const buildLogs = logGroup(`${name}-build`, names.buildLogGroup);
        const stepLogs = Object.fromEntries(PIPELINE_STEPS.map((st) => [st, logGroup(`${name}-${st}`, names.stepLogGroup(st))])) as Record<PipelineStep, aws.cloudwatch.LogGroup>;
        const stateMachineLogs = logGroup(`${name}-states`, names.stateMachineLogGroup);

        // --- Credentials and parameters.
        const password =
            args.dbPassword ??
            new random.RandomPassword(`${name}-db-password`, { length: 32, special: true, overrideSpecial: "!#$%&*()-_=+[]{}<>:?" }, kept).result;
        this.credentials = new aws.secretsmanager.Secret(
            `${name}-db-credentials`,
            {
                name: names.secret,
                description: `Database credentials of the ${s.name} retraining pipeline`,
                kmsKeyId: args.kmsKeyArn,
                recoveryWindowInDays: args.secretRecoveryWindowDays,
                tags: {
                    "mlplatform:exempt:secretsmanager-secret-rotation":
                        "The database is not managed by this stack - rotation needs its rotation Lambda which comes with the database",
                },
            },
            { ...kept, retainOnDelete: protect },
        );
        new aws.secretsmanager.SecretVersion(
            `${name}-db-credentials`,
            {
                secretId: this.credentials.id,
                secretString: pulumi.secret(pulumi.jsonStringify({ username: s.dbUsername, password })),
            },
            { parent: this.credentials, protect },
        );
        const parameters = Object.entries(s.parameters).map(([param, value]) => {
            const secretLooking = SECRET_LOOKING_NAME.test(param);
            return new aws.ssm.Parameter(
                `${name}-${param}`,
                {
                    name: `${names.parameterPath}${param}`,
                    type: secretLooking ? "SecureString" : "String",
                    value: secretLooking ? pulumi.secret(String(value)) : String(value),
                    keyId: secretLooking ? args.kmsKeyArn : undefined,
                    description: `Training parameter ${param} of ${s.name}`,
                },
                child,
            );
        });

        // --- Alerts: an encrypted topic that alarms and EventBridge rules of this account may publish to.
        this.alertsTopic = new aws.sns.Topic(`${name}-alerts`, { name: names.topic, kmsMasterKeyId: args.kmsKeyArn }, child);
        new aws.sns.TopicPolicy(
            `${name}-alerts`,
            { arn: this.alertsTopic.arn, policy: pulumi.all([this.alertsTopic.arn, ctx]).apply(([arn, c]) => JSON.stringify(topicPolicy(arn, c.accountId))) },
            child,
        );
        args.alertEmails.forEach((email, i) =>
            new aws.sns.TopicSubscription(`${name}-alert-email-${i}`, { topic: this.alertsTopic.arn, protocol: "email", endpoint: email }, child),
        );

        // --- Roles, each with one inline RolePolicy of exactly this pipeline's resources.
        const documents = pulumi
            .all([ctx, args.dataBucket.arn, args.artifactsBucket.arn, args.kmsKeyArn, this.credentials.arn])
            .apply(([c, dataBucketArn, artifactsBucketArn, kmsKeyArn, secretArn]) =>
                pipelineRolePolicies({ names, ctx: c, dataBucketArn, artifactsBucketArn, kmsKeyArn, secretArn, metricNamespace: s.metricNamespace }),
            );
        this.roles = {} as Record<PipelineRoleKey, aws.iam.Role>;
        // Users of a role wait for its permissions, not just the role: a state machine created before its
        // role may write logs fails ("not authorized to access the Log Destination").
        const permissions = {} as Record<PipelineRoleKey, aws.iam.RolePolicy>;
        for (const key of PIPELINE_ROLE_KEYS) {
            const role = new aws.iam.Role(
                `${name}-${key}`,
                {
                    name: names.role(key),
                    description: `${s.name} retraining pipeline: ${key}`,
                    assumeRolePolicy: ctx.apply((c) => JSON.stringify(pipelineTrustPolicy(key, c.accountId))),
                    maxSessionDuration: 3600,
                },
                child,
            );
            permissions[key] = new aws.iam.RolePolicy(
                `${name}-${key}`,
                { role: role.name, name: "least-privilege", policy: documents.apply((d) => JSON.stringify(d[key])) },
                { parent: role },
            );
            this.roles[key] = role;
        }

        // --- Source and image.
        this.repository = new aws.codecommit.Repository(
            `${name}-source`,
            { repositoryName: names.repository, description: `Training code of model ${s.name}`, defaultBranch: s.branch, kmsKeyId: args.kmsKeyArn },
            kept,
        );
        this.imageRepository = new aws.ecr.Repository(
            `${name}-images`,
            {
                name: names.repository,
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
                forceDelete: !protect,
            },
            kept,
        );
        new aws.ecr.LifecyclePolicy(
            `${name}-images`,
            {
                repository: this.imageRepository.name,
                policy: JSON.stringify({
                    rules: [
                        {
                            rulePriority: 1,
                            description: "Expire untagged images after a day",
                            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
                            action: { type: "expire" },
                        },
                        {
                            rulePriority: 2,
                            description: `Keep the last ${s.keepImages} images`,
                            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: s.keepImages },
                            action: { type: "expire" },
                        },
                    ],
                }),
            },
            child,
        );
        new aws.ecr.RepositoryPolicy(
            `${name}-images`,
            { repository: this.imageRepository.name, policy: ctx.apply((c) => JSON.stringify(repositoryPolicy(names, c))) },
            { ...child, dependsOn: [this.roles.execution, this.roles.build] },
        );
        this.buildProject = new aws.codebuild.Project(
            `${name}-build`,
            {
                name: names.buildProject,
                description: `Builds and pushes the training image of model ${s.name}`,
                serviceRole: this.roles.build.arn,
                source: { type: "CODECOMMIT", location: this.repository.cloneUrlHttp, buildspec: fs.readFileSync(args.buildspecPath ?? DEFAULT_BUILDSPEC, "utf8"), gitCloneDepth: 1 },
                sourceVersion: `refs/heads/${s.branch}`,
                artifacts: { type: "NO_ARTIFACTS" },
                environment: {
                    type: "LINUX_CONTAINER",
                    computeType: "BUILD_GENERAL1_SMALL",
                    image: args.buildImage ?? "aws/codebuild/standard:7.0",
                    imagePullCredentialsType: "CODEBUILD",
                    // Docker-in-Docker needs privileged mode; this project only builds the image.
                    privilegedMode: true,
                    environmentVariables: [
                        { name: "ECR_REPOSITORY_URI", value: this.imageRepository.repositoryUrl, type: "PLAINTEXT" },
                        { name: "AWS_ACCOUNT_ID", value: ctx.apply((c) => c.accountId), type: "PLAINTEXT" },
                    ],
                },
                encryptionKey: args.kmsKeyArn,
                buildTimeout: 60,
                queuedTimeout: 480,
                logsConfig: { cloudwatchLogs: { status: "ENABLED", groupName: buildLogs.name }, s3Logs: { status: "DISABLED" } },
                // The one exemption of the platform, with its reason (listed by the pack's exemptions-in-use).
                tags: { "mlplatform:exempt:codebuild-no-privileged-mode": "Builds the training image with docker build which needs the Docker daemon of privileged mode" },
            },
            { ...child, dependsOn: [buildLogs, permissions.build] },
        );

        // --- Compute: a cluster and one Fargate task definition per step, in private subnets.
        this.cluster = new aws.ecs.Cluster(`${name}-cluster`, { name: names.cluster, settings: [{ name: "containerInsights", value: "enabled" }] }, child);
        let taskSecurityGroupId: pulumi.Input<string>;
        if (args.network.securityGroupId) {
            taskSecurityGroupId = args.network.securityGroupId;
        } else {
            const taskSecurityGroup = new aws.ec2.SecurityGroup(
                `${name}-tasks`,
                { name: names.taskSecurityGroup, description: `Fargate tasks of ${s.name}: no ingress, HTTPS out only`, vpcId: args.network.vpcId },
                child,
            );
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-tasks-https`,
                { securityGroupId: taskSecurityGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "HTTPS to AWS APIs through VPC endpoints or NAT" },
                child,
            );
            taskSecurityGroupId = taskSecurityGroup.id;
        }
        const parameterSecrets = pulumi.all(parameters.map((p) => p.arn)).apply((arnList) =>
            Object.keys(s.parameters).map((param, i) => ({ name: param.toUpperCase().replace(/[^A-Z0-9_]/g, "_"), valueFrom: arnList[i] })),
        );
        this.taskDefinitions = {} as Record<PipelineStep, aws.ecs.TaskDefinition>;
        for (const step of PIPELINE_STEPS) {
            const size = s.steps[step];
            this.taskDefinitions[step] = new aws.ecs.TaskDefinition(
                `${name}-${step}`,
                {
                    family: names.taskFamily(step),
                    requiresCompatibilities: ["FARGATE"],
                    networkMode: "awsvpc",
                    cpu: String(size.cpu),
                    memory: String(size.memory),
                    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
                    executionRoleArn: this.roles.execution.arn,
                    taskRoleArn: this.roles[`task-${step}`].arn,
                    volumes: [{ name: "scratch" }],
                    containerDefinitions: pulumi
                        .all([this.imageRepository.repositoryUrl, stepLogs[step].name, ctx, parameterSecrets, this.credentials.arn, args.dataBucket.name, args.artifactsBucket.name])
                        .apply(([repo, logGroupName, c, paramSecrets, secretArn, dataBucket, artifactsBucket]) =>
                            JSON.stringify([
                                {
                                    name: step,
                                    image: `${repo}:${s.imageTag ?? UNRELEASED_TAG}`,
                                    essential: true,
                                    command: [step],
                                    readonlyRootFilesystem: true,
                                    privileged: false,
                                    mountPoints: [{ sourceVolume: "scratch", containerPath: "/tmp", readOnly: false }],
                                    environment: [
                                        { name: "AWS_REGION", value: c.region },
                                        { name: "PIPELINE_STEP", value: step },
                                        { name: "MODEL_NAME", value: s.name },
                                        { name: "DATA_BUCKET", value: dataBucket },
                                        { name: "ARTIFACTS_BUCKET", value: artifactsBucket },
                                        { name: "METRIC_NAMESPACE", value: s.metricNamespace },
                                    ],
                                    // Values from SSM and Secrets Manager, injected at start: never in the task definition.
                                    secrets: [...paramSecrets, { name: "DB_CREDENTIALS", valueFrom: secretArn }],
                                    logConfiguration: {
                                        logDriver: "awslogs",
                                        options: { "awslogs-group": logGroupName, "awslogs-region": c.region, "awslogs-stream-prefix": step },
                                    },
                                },
                            ]),
                        ),
                },
                { ...child, dependsOn: [stepLogs[step], permissions.execution] },
            );
        }

        // --- Orchestration.
        this.stateMachine = new aws.sfn.StateMachine(
            `${name}-pipeline`,
            {
                name: names.stateMachine,
                type: "STANDARD",
                roleArn: this.roles.states.arn,
                definition: pulumi
                    .all([
                        this.cluster.arn,
                        pulumi.all(PIPELINE_STEPS.map((st) => this.taskDefinitions[st].arnWithoutRevision)),
                        pulumi.output(args.network.subnetIds),
                        taskSecurityGroupId,
                        this.alertsTopic.arn,
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
            { ...child, dependsOn: [permissions.states, stateMachineLogs] },
        );

        // --- Dead letters of the schedule and of the rules.
        const deadLetters = new aws.sqs.Queue(
            `${name}-dlq`,
            { name: names.deadLetterQueue, kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300, messageRetentionSeconds: 14 * 24 * 3600 },
            child,
        );

        // --- Schedule: EventBridge Scheduler, in the configured time zone, retried, dead-lettered.
        this.schedule = new aws.scheduler.Schedule(
            `${name}-schedule`,
            {
                name: names.schedule,
                description: s.imageTag
                    ? `Retrains model ${s.name}: ${s.schedule} (${s.scheduleTimezone})`
                    : `Disabled until settings.imageTag names a built image of model ${s.name}`,
                scheduleExpression: s.schedule,
                scheduleExpressionTimezone: s.scheduleTimezone,
                flexibleTimeWindow: { mode: "OFF" },
                // No image has been released yet: running would only fail on CannotPullContainerError.
                state: s.imageTag ? "ENABLED" : "DISABLED",
                target: {
                    arn: this.stateMachine.arn,
                    roleArn: this.roles.scheduler.arn,
                    input: JSON.stringify({ trigger: "schedule", model: s.name }),
                    retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
                    deadLetterConfig: { arn: deadLetters.arn },
                },
            },
            { ...child, dependsOn: [permissions.scheduler] },
        );

        // --- Events: pushes start the image build; failed executions and builds notify.
        const rule = (purpose: EventRulePurpose, pattern: pulumi.Input<object>) =>
            new aws.cloudwatch.EventRule(
                `${name}-${purpose}`,
                { name: names.eventRule(purpose), eventPattern: pulumi.output(pattern).apply((p) => JSON.stringify(p)) },
                child,
            );
        const pushRule = rule("on-push", {
            source: ["aws.codecommit"],
            "detail-type": ["CodeCommit Repository State Change"],
            resources: [this.repository.arn],
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
            detail: { "build-status": ["FAILED", "STOPPED"], "project-name": [this.buildProject.name] },
        });
        const retryPolicy = { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 };
        new aws.cloudwatch.EventTarget(
            `${name}-on-push`,
            { rule: pushRule.name, arn: this.buildProject.arn, roleArn: this.roles.trigger.arn, retryPolicy, deadLetterConfig: { arn: deadLetters.arn } },
            { ...child, dependsOn: [permissions.trigger] },
        );
        for (const [purpose, r] of [["execution-failed", executionFailedRule], ["build-failed", buildFailedRule]] as const) {
            new aws.cloudwatch.EventTarget(
                `${name}-${purpose}`,
                { rule: r.name, arn: this.alertsTopic.arn, retryPolicy, deadLetterConfig: { arn: deadLetters.arn } },
                child,
            );
        }
        new aws.sqs.QueuePolicy(
            `${name}-dlq`,
            {
                queueUrl: deadLetters.url,
                policy: pulumi
                    .all([deadLetters.arn, pushRule.arn, executionFailedRule.arn, buildFailedRule.arn])
                    .apply(([queueArn, ...ruleArns]) => JSON.stringify(deadLetterQueuePolicy(queueArn, ruleArns))),
            },
            child,
        );

        // --- Alarms: the seed's accuracy alarm, plus failed/timed-out executions, failed builds, dead letters.
        const alarm = (purpose: AlarmPurpose, a: Omit<aws.cloudwatch.MetricAlarmArgs, "name" | "alarmActions" | "okActions">) =>
            new aws.cloudwatch.MetricAlarm(
                `${name}-${purpose}`,
                { name: names.alarm(purpose), alarmActions: [this.alertsTopic.arn], okActions: [this.alertsTopic.arn], ...a },
                child,
            );
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
        const stateMachineArn = { StateMachineArn: this.stateMachine.arn };
        anyOccurrence("executions-failed", `ExecutionsFailed of the ${s.name} retraining state machine`, "AWS/States", "ExecutionsFailed", stateMachineArn);
        anyOccurrence("executions-timed-out", `ExecutionsTimedOut of the ${s.name} retraining state machine`, "AWS/States", "ExecutionsTimedOut", stateMachineArn);
        anyOccurrence("builds-failed", `Failed image builds of ${s.name}`, "AWS/CodeBuild", "FailedBuilds", { ProjectName: this.buildProject.name });
        anyOccurrence("dead-letters", `Scheduled runs or events of ${s.name} that could not be delivered`, "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: deadLetters.name }, "Maximum");

        this.registerOutputs({
            stateMachineArn: this.stateMachine.arn,
            imageRepositoryUrl: this.imageRepository.repositoryUrl,
            repositoryCloneUrl: this.repository.cloneUrlHttp,
            alertsTopicArn: this.alertsTopic.arn,
            credentialsSecretArn: this.credentials.arn,
        });
    }
}
