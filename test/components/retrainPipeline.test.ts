import { strict as assert } from "assert";
import * as fs from "fs";
import { ConfigError, parsePlatformConfig } from "../../stacks/config";
import { DEFAULT_BUILDSPEC, RetrainPipeline } from "../../components/retrainPipeline";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { CapturedResource, ProgramError, ProgramRun, readStackFiles } from "../../tools/offline/runProgram";
import { decide } from "../iamSimulator";
import { PROGRAM, doc, inlineRun, inputs, ofType, one, stackRun, stackRunWith } from "../harness";
import { validateAsl as aslValidator } from "../support/aslValidator";

const A = MOCK_ACCOUNT_ID;
const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:${A}:${resource}`;
const STEPS = ["preprocessing", "training", "validation", "publish"];

/** Resources of the pipeline component named `pipeline-<model>`. */
function pipelineOf(run: ProgramRun, model = "retrain") {
    const component = one(run, "mlplatform:components:RetrainPipeline", `pipeline-${model}`);
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const inside = (r: CapturedResource): boolean => {
        for (let p = r.parent; p; p = byUrn.get(p)?.parent) if (p === component.urn) return true;
        return false;
    };
    const members = run.resources.filter(inside);
    const get = (type: string, name?: string) => {
        const found = members.filter((r) => r.type === type && (name === undefined || r.name === `pipeline-${model}-${name}`));
        assert.equal(found.length, 1, `${type} ${name ?? ""}: found ${found.length}`);
        return found[0];
    };
    const all = (type: string) => members.filter((r) => r.type === type);
    return { component, members, get, all };
}

describe("RetrainPipeline", () => {
    for (const stack of ["dev", "prod"]) {
        describe(`in the ${stack} stack`, () => {
            let run: ProgramRun;
            let p: ReturnType<typeof pipelineOf>;
            before(async () => {
                run = await stackRun(stack);
                p = pipelineOf(run);
            });
            const keyArn = () => one(run, "aws:kms/key:Key").rawOutputs.arn;
            const roleArn = (key: string) => p.get("aws:iam/role:Role", key).rawOutputs.arn;

            it("names everything after the seed's convention", () => {
                assert.equal(inputs(p.get("aws:codecommit/repository:Repository")).repositoryName, `sefaz-ml-retrain-${stack}`);
                assert.equal(inputs(p.get("aws:ecr/repository:Repository")).name, `sefaz-ml-retrain-${stack}`);
                assert.equal(inputs(p.get("aws:ecs/cluster:Cluster")).name, `sefaz-ml-retrain-${stack}`);
                assert.equal(inputs(p.get("aws:sfn/stateMachine:StateMachine")).name, `sefaz-ml-retrain-${stack}`);
                assert.equal(inputs(p.get("aws:sns/topic:Topic")).name, `sefaz-ml-retrain-alerts-${stack}`);
                assert.equal(inputs(p.get("aws:secretsmanager/secret:Secret")).name, `sefaz-ml/${stack}/retrain/db-credentials`);
            });

            it("ECR: scans on push, KMS, immutable tags, lifecycle, pull for tasks and push for the build only", () => {
                const repo = inputs(p.get("aws:ecr/repository:Repository"));
                assert.deepEqual(repo.imageScanningConfiguration, { scanOnPush: true });
                assert.equal(repo.imageTagMutability, "IMMUTABLE");
                assert.deepEqual(repo.encryptionConfigurations, [{ encryptionType: "KMS", kmsKey: keyArn() }]);
                assert.equal(repo.forceDelete, stack !== "prod");
                const lifecycle = JSON.parse(inputs(p.get("aws:ecr/lifecyclePolicy:LifecyclePolicy")).policy);
                assert.deepEqual(lifecycle.rules.map((r: any) => [r.selection.tagStatus, r.selection.countType, r.selection.countNumber]), [
                    ["untagged", "sinceImagePushed", 1],
                    ["any", "imageCountMoreThan", stack === "prod" ? 20 : 10],
                ]);
                const policy = doc(p.get("aws:ecr/repositoryPolicy:RepositoryPolicy"), "policy");
                const principals = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s.Principal.AWS]));
                assert.deepEqual(principals, { TasksPull: roleArn("execution"), BuildPushes: roleArn("build") });
                assert.ok(!policy.Statement.find((s: any) => s.Sid === "TasksPull").Action.includes("ecr:PutImage"));
            });

            it("CodeBuild: builds from the repository's branch with the buildspec file, privileged, encrypted, logged, timed out", () => {
                const project = inputs(p.get("aws:codebuild/project:Project"));
                assert.equal(project.source.type, "CODECOMMIT");
                assert.equal(project.source.location, `https://git-codecommit.us-east-1.amazonaws.com/v1/repos/sefaz-ml-retrain-${stack}`);
                assert.equal(project.source.buildspec, fs.readFileSync(DEFAULT_BUILDSPEC, "utf8"));
                const commands = project.source.buildspec.split("\n").filter((l: string) => l.trim().startsWith("- ") || l.includes("docker"));
                assert.ok(commands.some((l: string) => l.includes('IMAGE_TAG="$(echo "$CODEBUILD_RESOLVED_SOURCE_VERSION" | cut -c1-12)"')), "derives the tag from the commit");
                assert.ok(commands.some((l: string) => l.includes('docker build --pull --tag "${ECR_REPOSITORY_URI}:${IMAGE_TAG}"')), "builds with that tag");
                assert.ok(commands.some((l: string) => l.includes('docker push "${ECR_REPOSITORY_URI}:${IMAGE_TAG}"')), "pushes that tag");
                assert.match(project.source.buildspec, /build:\n\s+on-failure: ABORT/);
                assert.equal(project.sourceVersion, `refs/heads/${stack === "prod" ? "main" : "dev"}`);
                assert.equal(project.environment.privilegedMode, true);
                assert.equal(project.environment.image, "aws/codebuild/standard:7.0");
                assert.equal(project.encryptionKey, keyArn());
                assert.deepEqual(project.logsConfig.cloudwatchLogs, { status: "ENABLED", groupName: `/sefaz-ml/${stack}/retrain/codebuild` });
                assert.equal(project.buildTimeout, 60);
                assert.equal(project.serviceRole, roleArn("build"));
                assert.match(project.tags["mlplatform:exempt:codebuild-no-privileged-mode"], /docker build/);
            });

            it("EventBridge: pushes to the branch start the build through a role, with retries and a DLQ", () => {
                const rule = inputs(p.get("aws:cloudwatch/eventRule:EventRule", "on-push"));
                const pattern = JSON.parse(rule.eventPattern);
                assert.deepEqual(pattern.detail.referenceName, [stack === "prod" ? "main" : "dev"]);
                assert.deepEqual(pattern.resources, [arn("codecommit", `sefaz-ml-retrain-${stack}`)]);
                const target = inputs(p.get("aws:cloudwatch/eventTarget:EventTarget", "on-push"));
                assert.equal(target.arn, arn("codebuild", `project/sefaz-ml-retrain-build-${stack}`));
                assert.equal(target.roleArn, roleArn("trigger"));
                assert.ok(target.retryPolicy.maximumRetryAttempts > 0);
                assert.equal(target.deadLetterConfig.arn, arn("sqs", `sefaz-ml-retrain-dlq-${stack}`));
            });

            it("ECS: Container Insights, four Fargate task definitions sized from config, separate roles, logs, secrets by reference", () => {
                assert.deepEqual(inputs(p.get("aws:ecs/cluster:Cluster")).settings, [{ name: "containerInsights", value: "enabled" }]);
                const taskRoles = new Set<string>();
                for (const step of STEPS) {
                    const td = inputs(p.get("aws:ecs/taskDefinition:TaskDefinition", step));
                    assert.deepEqual([td.requiresCompatibilities, td.networkMode], [["FARGATE"], "awsvpc"]);
                    assert.equal(td.family, `sefaz-ml-retrain-${step}-${stack}`);
                    assert.equal(td.executionRoleArn, roleArn("execution"));
                    assert.equal(td.taskRoleArn, roleArn(`task-${step}`));
                    assert.notEqual(td.taskRoleArn, td.executionRoleArn);
                    taskRoles.add(td.taskRoleArn);
                    const [c] = JSON.parse(td.containerDefinitions);
                    // No image released yet (imageTag unset): the schedule stays off, see below.
                    assert.equal(c.image, `${A}.dkr.ecr.us-east-1.amazonaws.com/sefaz-ml-retrain-${stack}:unreleased`);
                    assert.equal(c.privileged, false);
                    assert.equal(c.readonlyRootFilesystem, true);
                    assert.deepEqual(c.logConfiguration, {
                        logDriver: "awslogs",
                        options: { "awslogs-group": `/sefaz-ml/${stack}/retrain/ecs/${step}`, "awslogs-region": "us-east-1", "awslogs-stream-prefix": step },
                    });
                    assert.equal(c.environment.find((e: any) => e.name === "AWS_REGION").value, "us-east-1");
                    assert.ok(!c.environment.some((e: any) => /PASSWORD|SECRET|TOKEN|CREDENTIAL/i.test(e.name)), "no secret in plaintext environment");
                    assert.deepEqual(c.secrets.map((x: any) => x.name), ["BATCH_SIZE", "EPOCHS", "DB_CREDENTIALS"]);
                    assert.equal(c.secrets[0].valueFrom, arn("ssm", `parameter/sefaz-ml/${stack}/training/retrain/batch_size`));
                    assert.match(c.secrets[2].valueFrom, new RegExp(`^arn:aws:secretsmanager:us-east-1:${A}:secret:sefaz-ml/${stack}/retrain/db-credentials-`));
                }
                assert.equal(taskRoles.size, 4, "one task role per step");
                const training = inputs(p.get("aws:ecs/taskDefinition:TaskDefinition", "training"));
                assert.deepEqual([training.cpu, training.memory], stack === "prod" ? ["4096", "16384"] : ["1024", "4096"]);
            });

            it("runs tasks in the platform network's private subnets with its workload security group, which has no ingress", () => {
                const vpc = one(run, "awsx:ec2:Vpc");
                const subnets = (vpc.rawOutputs.privateSubnetIds as string[]).length ? vpc.rawOutputs.privateSubnetIds : vpc.rawOutputs.isolatedSubnetIds;
                // The workload group's id, as the network's own rules reference it.
                const workloadsId = inputs(one(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "network-workloads-to-endpoints")).securityGroupId;
                const definition = JSON.parse(inputs(p.get("aws:sfn/stateMachine:StateMachine")).definition);
                for (const state of ["PreProcessData", "TrainModel", "Validate", "PublishArtifacts"]) {
                    assert.deepEqual(definition.States[state].Parameters.NetworkConfiguration.AwsvpcConfiguration, {
                        Subnets: subnets,
                        SecurityGroups: [workloadsId],
                        AssignPublicIp: "DISABLED",
                    }, state);
                }
                assert.equal((subnets as string[]).length, stack === "prod" ? 3 : 2);
                const ingressToWorkloads = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => inputs(r).securityGroupId === workloadsId);
                assert.deepEqual(ingressToWorkloads.map((r) => inputs(r).referencedSecurityGroupId), [workloadsId], "only its own members");
                assert.equal(p.all("aws:ec2/securityGroup:SecurityGroup").length, 0, "the pipeline uses the network's group");
            });

            it("log groups are encrypted with the platform key and keep the stack's retention", () => {
                const groups = p.all("aws:cloudwatch/logGroup:LogGroup").map(inputs);
                assert.equal(groups.length, 6);
                for (const g of groups) {
                    assert.equal(g.kmsKeyId, keyArn(), g.name);
                    assert.equal(g.retentionInDays, stack === "prod" ? 365 : 30, g.name);
                }
                assert.ok(groups.some((g) => g.name === `/aws/vendedlogs/states/sefaz-ml-retrain-${stack}`));
            });

            it("Step Functions: STANDARD, logs ALL to its encrypted group, tracing on, a valid definition over these task definitions", () => {
                const sm = inputs(p.get("aws:sfn/stateMachine:StateMachine"));
                assert.equal(sm.type, "STANDARD");
                assert.equal(sm.roleArn, roleArn("states"));
                assert.deepEqual(sm.loggingConfiguration, {
                    level: "ALL",
                    includeExecutionData: true,
                    logDestination: `${arn("logs", `log-group:/aws/vendedlogs/states/sefaz-ml-retrain-${stack}`)}:*`,
                });
                assert.deepEqual(sm.tracingConfiguration, { enabled: true });
                const definition = JSON.parse(sm.definition);
                assert.deepEqual(aslValidator(structuredClone(definition)).errors, []);
                assert.equal(definition.States.Validate.Parameters.TaskDefinition, arn("ecs", `task-definition/sefaz-ml-retrain-validation-${stack}`));
                assert.equal(definition.States.AccuracyGate.Choices[0].And[2].NumericGreaterThanEquals, 0.9);
            });

            it("schedule: the seed's cron in the configured time zone, through the scheduler role, retried and dead-lettered", () => {
                const schedule = inputs(p.get("aws:scheduler/schedule:Schedule"));
                assert.equal(schedule.state, "DISABLED", "no image released yet");
                assert.equal(schedule.scheduleExpression, "cron(0 3 ? * MON *)");
                assert.equal(schedule.scheduleExpressionTimezone, "UTC");
                assert.equal(schedule.target.arn, arn("states", `stateMachine:sefaz-ml-retrain-${stack}`));
                assert.equal(schedule.target.roleArn, roleArn("scheduler"));
                assert.deepEqual(schedule.target.retryPolicy, { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 });
                assert.equal(schedule.target.deadLetterConfig.arn, arn("sqs", `sefaz-ml-retrain-dlq-${stack}`));
            });

            it("SSM parameters under /<prefix>/<env>/training/ with the seed's defaults", () => {
                const params = Object.fromEntries(p.all("aws:ssm/parameter:Parameter").map((r) => [inputs(r).name, [inputs(r).type, inputs(r).value]]));
                assert.deepEqual(params, {
                    [`/sefaz-ml/${stack}/training/retrain/batch_size`]: ["String", "64"],
                    [`/sefaz-ml/${stack}/training/retrain/epochs`]: ["String", "30"],
                });
            });

            it("credentials: KMS-encrypted secret whose value is a generated secret, never plaintext; protected in prod", () => {
                const secret = p.get("aws:secretsmanager/secret:Secret");
                assert.equal(inputs(secret).kmsKeyId, keyArn());
                assert.equal(inputs(secret).recoveryWindowInDays, stack === "prod" ? 30 : 7);
                assert.equal(secret.protect, stack === "prod");
                assert.equal(secret.retainOnDelete, stack === "prod");
                const version = run.resources.find((r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion" && r.parent === secret.urn)!;
                const raw = version.rawInputs.secretString as any;
                assert.equal(raw["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270", "secretString is a Pulumi secret");
                assert.deepEqual(Object.keys(JSON.parse(raw.value)).sort(), ["password", "username"]);
                assert.ok(run.resources.some((r) => r.type === "random:index/randomPassword:RandomPassword" && r.protect === (stack === "prod")));
            });

            it("alerts: KMS topic that only this account's alarms and rules may publish to, over TLS", () => {
                const topic = p.get("aws:sns/topic:Topic");
                assert.equal(inputs(topic).kmsMasterKeyId, keyArn());
                const policy = doc(p.get("aws:sns/topicPolicy:TopicPolicy"), "policy");
                const allow = policy.Statement.find((s: any) => s.Effect === "Allow");
                assert.deepEqual(allow.Principal.Service, ["cloudwatch.amazonaws.com", "events.amazonaws.com"]);
                assert.deepEqual(allow.Condition, { StringEquals: { "aws:SourceAccount": A } });
                assert.ok(policy.Statement.some((s: any) => s.Effect === "Deny" && s.Condition.Bool["aws:SecureTransport"] === "false"));
            });

            it("alarms: the seed's ModelAccuracy alarm, failed and timed-out executions, failed builds, dead letters, all to the topic", () => {
                const alarms = Object.fromEntries(p.all("aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => [inputs(r).name, inputs(r)]));
                const accuracy = alarms[`sefaz-ml-retrain-low-accuracy-${stack}`];
                assert.deepEqual(
                    [accuracy.namespace, accuracy.metricName, accuracy.statistic, accuracy.period, accuracy.threshold, accuracy.comparisonOperator, accuracy.evaluationPeriods, accuracy.treatMissingData],
                    ["SEFAZ/MLModel", "ModelAccuracy", "Average", 300, 0.9, "LessThanThreshold", 1, "notBreaching"],
                );
                assert.deepEqual(accuracy.dimensions, { Model: "retrain" });
                const sm = arn("states", `stateMachine:sefaz-ml-retrain-${stack}`);
                const shape = (a: any) => [a.namespace, a.metricName, a.statistic, JSON.stringify(a.dimensions), a.threshold, a.comparisonOperator];
                assert.deepEqual(shape(alarms[`sefaz-ml-retrain-executions-failed-${stack}`]), ["AWS/States", "ExecutionsFailed", "Sum", JSON.stringify({ StateMachineArn: sm }), 1, "GreaterThanOrEqualToThreshold"]);
                assert.deepEqual(shape(alarms[`sefaz-ml-retrain-executions-timed-out-${stack}`]), ["AWS/States", "ExecutionsTimedOut", "Sum", JSON.stringify({ StateMachineArn: sm }), 1, "GreaterThanOrEqualToThreshold"]);
                assert.deepEqual(shape(alarms[`sefaz-ml-retrain-builds-failed-${stack}`]), ["AWS/CodeBuild", "FailedBuilds", "Sum", JSON.stringify({ ProjectName: `sefaz-ml-retrain-build-${stack}` }), 1, "GreaterThanOrEqualToThreshold"]);
                assert.deepEqual(shape(alarms[`sefaz-ml-retrain-dead-letters-${stack}`]), ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", JSON.stringify({ QueueName: `sefaz-ml-retrain-dlq-${stack}` }), 1, "GreaterThanOrEqualToThreshold"]);
                const topicArn = arn("sns", `sefaz-ml-retrain-alerts-${stack}`);
                for (const a of Object.values<any>(alarms)) assert.deepEqual(a.alarmActions, [topicArn], a.name);
            });

            it("failed executions and builds notify through EventBridge rules", () => {
                const executions = JSON.parse(inputs(p.get("aws:cloudwatch/eventRule:EventRule", "execution-failed")).eventPattern);
                assert.deepEqual(executions.detail.status, ["FAILED", "TIMED_OUT", "ABORTED"]);
                assert.deepEqual(executions.detail.stateMachineArn, [arn("states", `stateMachine:sefaz-ml-retrain-${stack}`)]);
                const builds = JSON.parse(inputs(p.get("aws:cloudwatch/eventRule:EventRule", "build-failed")).eventPattern);
                assert.deepEqual(builds.detail["project-name"], [`sefaz-ml-retrain-build-${stack}`]);
                assert.equal(inputs(p.get("aws:cloudwatch/eventTarget:EventTarget", "execution-failed")).arn, arn("sns", `sefaz-ml-retrain-alerts-${stack}`));
            });
        });
    }

    describe("roles, evaluated by an IAM simulator (prod)", () => {
        let roles: Map<string, { arn: string; permissions: object }>;
        let keyArn: string;
        let keyPolicy: object;
        let secretArn: string;
        before(async () => {
            const run = await stackRun("prod");
            keyArn = one(run, "aws:kms/key:Key").rawOutputs.arn as string;
            keyPolicy = doc(one(run, "aws:kms/key:Key"), "policy");
            const p = pipelineOf(run);
            secretArn = p.get("aws:secretsmanager/secret:Secret").rawOutputs.arn as string;
            roles = new Map(
                p.all("aws:iam/role:Role").map((r) => {
                    const policy = p.members.find((m) => m.type === "aws:iam/rolePolicy:RolePolicy" && m.parent === r.urn)!;
                    return [r.name.replace("pipeline-retrain-", ""), { arn: r.rawOutputs.arn as string, permissions: doc(policy, "policy") }];
                }),
            );
        });
        const artifacts = `arn:aws:s3:::sefaz-ml-artifacts-prod-${A}-us-east-1`;
        const data = `arn:aws:s3:::sefaz-ml-data-prod-${A}-us-east-1`;
        const role = (name: string) => `arn:aws:iam::${A}:role/sefaz-ml-retrain-${name}-role-prod`;
        const cluster = { "ecs:cluster": arn("ecs", "cluster/sefaz-ml-retrain-prod") };
        const table: Array<[string, string, string, Record<string, string>, string]> = [
            ["states", "ecs:RunTask", arn("ecs", "task-definition/sefaz-ml-retrain-training-prod:7"), cluster, "Allowed"],
            ["states", "ecs:RunTask", arn("ecs", "task-definition/sefaz-ml-churn-training-prod:1"), cluster, "ImplicitlyDenied"],
            ["states", "ecs:RunTask", arn("ecs", "task-definition/sefaz-ml-retrain-training-prod:7"), { "ecs:cluster": arn("ecs", "cluster/other") }, "ImplicitlyDenied"],
            ["states", "iam:PassRole", role("task-training"), { "iam:PassedToService": "ecs-tasks.amazonaws.com" }, "Allowed"],
            ["states", "iam:PassRole", role("build"), { "iam:PassedToService": "ecs-tasks.amazonaws.com" }, "ImplicitlyDenied"],
            ["states", "events:PutRule", arn("events", "rule/StepFunctionsGetEventsForECSTaskRule"), {}, "Allowed"],
            ["states", "events:PutRule", arn("events", "rule/anything-else"), {}, "ImplicitlyDenied"],
            ["states", "sns:Publish", arn("sns", "sefaz-ml-retrain-alerts-prod"), {}, "Allowed"],
            ["states", "sns:Publish", arn("sns", "sefaz-ml-alerts-prod"), {}, "ImplicitlyDenied"],
            ["build", "codecommit:GitPull", arn("codecommit", "sefaz-ml-retrain-prod"), {}, "Allowed"],
            ["build", "codecommit:GitPull", arn("codecommit", "sefaz-ml-churn-prod"), {}, "ImplicitlyDenied"],
            ["build", "ecr:PutImage", arn("ecr", "repository/sefaz-ml-retrain-prod"), {}, "Allowed"],
            ["build", "ecr:PutImage", arn("ecr", "repository/sefaz-ml-churn-prod"), {}, "ImplicitlyDenied"],
            ["scheduler", "states:StartExecution", arn("states", "stateMachine:sefaz-ml-retrain-prod"), {}, "Allowed"],
            ["scheduler", "states:StartExecution", arn("states", "stateMachine:sefaz-ml-churn-prod"), {}, "ImplicitlyDenied"],
            ["trigger", "codebuild:StartBuild", arn("codebuild", "project/sefaz-ml-retrain-build-prod"), {}, "Allowed"],
            ["execution", "secretsmanager:GetSecretValue", arn("secretsmanager", "secret:sefaz-ml/prod/retrain/db-credentials-" + "ABCDEF"), {}, "ImplicitlyDenied"],
            ["task-preprocessing", "s3:GetObject", `${data}/raw/2026/11/file.csv`, {}, "Allowed"],
            ["task-preprocessing", "s3:PutObject", `${data}/runs/retrain/exec-1/train.parquet`, {}, "Allowed"],
            ["task-preprocessing", "s3:PutObject", `${data}/raw/overwrite.csv`, {}, "ImplicitlyDenied"],
            ["task-training", "s3:PutObject", `${artifacts}/runs/retrain/exec-1/model.tar.gz`, {}, "Allowed"],
            ["task-training", "s3:PutObject", `${artifacts}/models/retrain/model.tar.gz`, {}, "ImplicitlyDenied"],
            ["task-validation", "cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "SEFAZ/MLModel" }, "Allowed"],
            ["task-validation", "cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "Other" }, "ImplicitlyDenied"],
            ["task-publish", "s3:PutObject", `${artifacts}/models/retrain/v1/model.tar.gz`, {}, "Allowed"],
            ["task-publish", "s3:PutObject", `${artifacts}/models/churn/v1/model.tar.gz`, {}, "ImplicitlyDenied"],
            ["states", "ecs:TagResource", arn("ecs", "task/sefaz-ml-retrain-prod/0123abcd"), { "ecs:CreateAction": "RunTask" }, "Allowed"],
            ["states", "ecs:TagResource", arn("ecs", "task/sefaz-ml-retrain-prod/0123abcd"), {}, "ImplicitlyDenied"],
            ["states", "s3:GetObject", `${artifacts}/runs/retrain/exec-1/metrics.json`, {}, "Allowed"],
            ["states", "s3:GetObject", `${artifacts}/runs/retrain/exec-1/model.tar.gz`, {}, "ImplicitlyDenied"],
            ["scheduler", "sqs:SendMessage", arn("sqs", "sefaz-ml-retrain-dlq-prod"), {}, "Allowed"],
            ["scheduler", "sqs:SendMessage", arn("sqs", "another-queue"), {}, "ImplicitlyDenied"],
            ["execution", "ssm:GetParameters", arn("ssm", "parameter/sefaz-ml/prod/training/retrain/batch_size"), {}, "Allowed"],
            ["execution", "ssm:GetParameters", arn("ssm", "parameter/sefaz-ml/prod/training/churn/batch_size"), {}, "ImplicitlyDenied"],
            ["execution", "ecr:BatchGetImage", arn("ecr", "repository/sefaz-ml-retrain-prod"), {}, "Allowed"],
            ["execution", "ecr:BatchGetImage", arn("ecr", "repository/sefaz-ml-churn-prod"), {}, "ImplicitlyDenied"],
            ["execution", "kms:Decrypt", "KEY", { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" }, "Allowed"],
            ["execution", "kms:Decrypt", "KEY", {}, "ImplicitlyDenied"],
            ["task-training", "kms:GenerateDataKey", "KEY", { "kms:ViaService": "s3.us-east-1.amazonaws.com" }, "Allowed"],
            ["task-training", "kms:Decrypt", "KEY", { "kms:ViaService": "sqs.us-east-1.amazonaws.com" }, "ImplicitlyDenied"],
            ["scheduler", "kms:GenerateDataKey", "KEY", { "kms:ViaService": "sqs.us-east-1.amazonaws.com" }, "Allowed"],
        ];
        for (const [who, action, resource, context, expected] of table) {
            const when = Object.entries(context).map(([k, v]) => `${k}=${v}`).join(", ");
            it(`${who} ${action} on ${resource.split(":").slice(5).join(":") || resource}${when ? ` (${when})` : ""}: ${expected}`, async () => {
                const r = roles.get(who)!;
                assert.ok(r, `role ${who}`);
                // KMS needs both the identity policy and the key policy to allow.
                const kms = resource === "KEY" ? { resource: keyArn, resourcePolicy: keyPolicy, context: { ...context, "kms:CallerAccount": A } } : { resource, context };
                assert.equal(await decide({ principal: r.arn, action, identityPolicies: [r.permissions], ...kms }), expected);
            });
        }

        it("execution reads exactly this pipeline's database secret", async () => {
            const r = roles.get("execution")!;
            assert.equal(await decide({ principal: r.arn, action: "secretsmanager:GetSecretValue", resource: secretArn, identityPolicies: [r.permissions] }), "Allowed");
        });
    });

    describe("configuration", () => {
        const withPipelines = (pipelines: unknown[], extra: Record<string, string | undefined> = {}) => ({
            ...readStackFiles(PROGRAM, "dev").config,
            "mlplatform:pipelines": JSON.stringify(pipelines),
            ...extra,
        });
        const problems = (config: Record<string, string | undefined>) => {
            const clean = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as Record<string, string>;
            try {
                parsePlatformConfig(clean, { project: "mlplatform", stack: "dev" });
            } catch (err) {
                return (err as ConfigError).problems.map((p) => `${p.key}: found ${p.found}; allowed: ${p.allowed}`);
            }
            return [];
        };

        const bad: Array<[string, unknown[], Record<string, string | undefined>, RegExp]> = [
            ["an invalid cron", [{ name: "retrain", schedule: "cron(0 3 * * MON *)" }], {}, /pipelines\[0\]\.schedule: found "cron\(0 3 \* \* MON \*\)"; allowed: exactly one of day-of-month and day-of-week must be "\?"/],
            ["a cron with 5 fields", [{ name: "retrain", schedule: "cron(0 3 ? * MON)" }], {}, /schedule: .*a cron expression has 6 fields/],
            ["an unknown time zone", [{ name: "retrain", scheduleTimezone: "Brasilia" }], {}, /scheduleTimezone: found "Brasilia"; allowed: "Brasilia" is not an IANA time zone name/],
            ["a threshold above 1", [{ name: "retrain", accuracyThreshold: 1.5 }], {}, /pipelines\[0\]\.accuracyThreshold: found 1\.5; allowed: a number from 0 to 1/],
            ["a negative threshold", [{ name: "retrain", accuracyThreshold: -0.1 }], {}, /accuracyThreshold: found -0\.1/],
            ["a CPU/memory pair Fargate refuses", [{ name: "retrain", steps: { training: { cpu: 1024, memory: 512 } } }], {}, /pipelines\[0\]\.steps\.training: found .*allowed: memory 512 MiB does not go with cpu 1024; Fargate allows 2048-8192 in steps of 1024 MiB/],
            ["a CPU Fargate does not have", [{ name: "retrain", steps: { publish: { cpu: 300, memory: 1024 } } }], {}, /steps\.publish: .*cpu 300 is not a Fargate size/],
            ["duplicate model names", [{ name: "retrain" }, { name: "retrain" }], {}, /pipelines\[1\]\.name: found "retrain"; allowed: a model name used by no other pipeline/],
            ["an invalid model name", [{ name: "Retrain_Model" }], {}, /pipelines\[0\]\.name: found "Retrain_Model"/],
            ["an unknown step", [{ name: "retrain", steps: { deploy: { cpu: 256, memory: 512 } } }], {}, /pipelines\[0\]\.steps: found \{"deploy".*allowed: only the steps preprocessing, training, validation, publish \(unknown: deploy\)/],
            ["pipelines without a network", [{ name: "retrain" }], { "mlplatform:network": undefined }, /mlplatform:network: found nothing \(the key is missing\); allowed: vpcId and privateSubnetIds/],
            ["a single subnet", [{ name: "retrain" }], { "mlplatform:network": JSON.stringify({ vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0123456789abcdef0"] }) }, /network\.privateSubnetIds: .*at least two private subnets/],
        ];
        for (const [label, pipelines, extra, pattern] of bad) {
            it(`rejects ${label}, naming the key`, () => {
                const found = problems(withPipelines(pipelines, extra));
                assert.ok(found.some((f) => pattern.test(f)), found.join("\n") || "accepted");
            });
        }

        it("accepts several models and gives each its own resources", async () => {
            const run = await stackRunWith("dev", { "mlplatform:pipelines": JSON.stringify([{ name: "retrain" }, { name: "churn", schedule: "rate(1 day)", scheduleTimezone: "America/Sao_Paulo" }]) });
            const churn = pipelineOf(run, "churn");
            assert.equal(inputs(churn.get("aws:scheduler/schedule:Schedule")).scheduleExpressionTimezone, "America/Sao_Paulo");
            assert.equal(inputs(churn.get("aws:sfn/stateMachine:StateMachine")).name, "sefaz-ml-churn-dev");
            const names = run.resources.filter((r) => r.type === "aws:iam/role:Role").map((r) => inputs(r).name);
            assert.equal(new Set(names).size, names.length, "no role name collides");
        });

        it("fails a bad pipeline before any resource is registered", async () => {
            await assert.rejects(stackRunWith("dev", { "mlplatform:pipelines": JSON.stringify([{ name: "retrain", accuracyThreshold: 2 }]) }), (err: ProgramError) => {
                assert.equal(err.kind, "config");
                assert.deepEqual(err.registered, []);
                return true;
            });
        });

        it("the component checks its own arguments too, before creating anything", async () => {
            await assert.rejects(
                inlineRun(
                    () =>
                        new RetrainPipeline("p", {
                            prefix: "team",
                            environment: "dev",
                            settings: { name: "model", schedule: "every monday", steps: { training: { cpu: 4096, memory: 1024 } } },
                            network: { vpcId: "vpc-1", subnetIds: ["subnet-1"] },
                            dataBucket: { name: "d", arn: "arn:aws:s3:::d" },
                            artifactsBucket: { name: "a", arn: "arn:aws:s3:::a" },
                            kmsKeyArn: "k",
                            logRetentionDays: 30,
                            secretRecoveryWindowDays: 3,
                        }),
                ),
                (err: ProgramError) => {
                    // One error for every bad argument, in the stack config's format (key path, found, allowed).
                    assert.match(err.message, /RetrainPipeline p: invalid arguments \(3 problems\):/);
                    assert.match(err.message, / {2}- settings\.schedule: found "every monday"; allowed: expected cron\(/);
                    assert.match(err.message, / {2}- settings\.steps\.training: found \{"cpu":4096,"memory":1024\}; allowed: memory 1024 MiB does not go with cpu 4096/);
                    assert.match(err.message, / {2}- secretRecoveryWindowDays: found 3; allowed: a whole number of days from 7 to 30/);
                    assert.deepEqual(err.registered.filter((t) => !t.startsWith("mlplatform:")), []);
                    return true;
                },
            );
        });

        it("rejects a model name that makes AWS names too long with this prefix", () => {
            const found = problems(withPipelines([{ name: "customer-churn-model" }], { "mlplatform:environment": "staging", "mlplatform:prefix": "sefaz-ml-platform", "mlplatform:forceDestroyBuckets": "false" }));
            assert.ok(
                found.some((f) => /pipelines\[0\]\.name: found "customer-churn-model"; allowed: too long with prefix "sefaz-ml-platform" and environment "staging": the IAM role name sefaz-ml-platform-customer-churn-model-task-preprocessing-role-staging has 70 characters \(AWS allows 64\); shorten the model name by 6/.test(f)),
                found.join("\n"),
            );
        });

        it("enables the schedule and runs the released image once imageTag is set", async () => {
            const run = await stackRunWith("dev", { "mlplatform:pipelines": JSON.stringify([{ name: "retrain", imageTag: "3f2a9c1b7d4e" }]) });
            const p = pipelineOf(run);
            assert.equal(inputs(p.get("aws:scheduler/schedule:Schedule")).state, "ENABLED");
            const [c] = JSON.parse(inputs(p.get("aws:ecs/taskDefinition:TaskDefinition", "training")).containerDefinitions);
            assert.match(c.image, /:3f2a9c1b7d4e$/);
        });

        it("stores secret-looking parameters as KMS SecureString, as secrets", async () => {
            const run = await stackRunWith("dev", { "mlplatform:pipelines": JSON.stringify([{ name: "retrain", parameters: { batch_size: 64, api_token: "t0k3n" } }]) });
            const token = run.resources.find((r) => r.type === "aws:ssm/parameter:Parameter" && inputs(r).name.endsWith("/api_token"))!;
            assert.equal(inputs(token).type, "SecureString");
            assert.equal(inputs(token).keyId, one(run, "aws:kms/key:Key").rawOutputs.arn);
            assert.equal((token.rawInputs.value as any)["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
        });

        it("subscribes the configured e-mail addresses to the alerts", async () => {
            const run = await stackRunWith("dev", { "mlplatform:alertEmails": JSON.stringify(["mlops@example.org"]) });
            const subs = pipelineOf(run).all("aws:sns/topicSubscription:TopicSubscription").map(inputs);
            assert.deepEqual(subs.map((s) => [s.protocol, s.endpoint]), [["email", "mlops@example.org"]]);
        });
    });
});
