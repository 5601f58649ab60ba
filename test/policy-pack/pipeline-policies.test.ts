import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, skipsOf, violationsOf } from "../harness";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/test";
const ROLE = "arn:aws:iam::123456789012:role/r";

/** Runs `build` once per case and returns the named policy's findings, by resource name. */
async function findings(policy: string, build: () => void, config = {}): Promise<string[]> {
    return violationsOf(await inlineRun(build), policy, config);
}

function taskDefinition(name: string, container: Record<string, unknown>) {
    return new aws.ecs.TaskDefinition(name, {
        family: name,
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "256",
        memory: "512",
        containerDefinitions: JSON.stringify([
            { name: "app", image: "repo:1", essential: true, logConfiguration: { logDriver: "awslogs", options: {} }, ...container },
        ]),
    });
}

function project(name: string, overrides: Partial<aws.codebuild.ProjectArgs> & { privileged?: boolean } = {}) {
    const { privileged, ...rest } = overrides;
    return new aws.codebuild.Project(name, {
        serviceRole: ROLE,
        source: { type: "NO_SOURCE", buildspec: "version: 0.2" },
        artifacts: { type: "NO_ARTIFACTS" },
        environment: { type: "LINUX_CONTAINER", computeType: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/standard:7.0", privilegedMode: privileged ?? false },
        encryptionKey: KEY,
        ...rest,
    });
}

describe("pipeline policies (ECR, ECS, CodeBuild, Step Functions, EventBridge, SNS, logs, secrets, SSM)", () => {
    it("ecr-scan-on-push and ecr-immutable-tags", async () => {
        const build = () => {
            new aws.ecr.Repository("good", { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE" });
            new aws.ecr.Repository("seed", { imageScanningConfiguration: { scanOnPush: false } });
        };
        assert.deepEqual(await findings("ecr-scan-on-push", build), ['seed: Repository "seed" does not scan images on push. Fix: set imageScanningConfiguration: { scanOnPush: true }.']);
        assert.deepEqual(await findings("ecr-immutable-tags", build), [
            'seed: Repository "seed" has MUTABLE image tags. Fix: set imageTagMutability: "IMMUTABLE" and tag images with the commit they were built from.',
        ]);
    });

    it("ecs-no-plaintext-secrets reports secret-looking names and access keys, not ordinary variables or secrets", async () => {
        const found = await findings("ecs-no-plaintext-secrets", () => {
            taskDefinition("ok", { environment: [{ name: "AWS_REGION", value: "us-east-1" }], secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x" }] });
            taskDefinition("password", { environment: [{ name: "DB_PASSWORD", value: "senhaforte" }] });
            taskDefinition("key", { environment: [{ name: "AWS_ID", value: "AKIAIOSFODNN7EXAMPLE" }] });
        });
        assert.equal(found.length, 2, found.join("\n"));
        assert.match(found.join("\n"), /password: TaskDefinition "password" container "app" has a secret-looking variable DB_PASSWORD in plaintext environment\. Fix: move it to the container's secrets/);
        assert.match(found.join("\n"), /key: TaskDefinition "key" container "app" has an AWS access key AWS_ID/);
    });

    it("ecs-no-privileged-containers and ecs-container-logging", async () => {
        const build = () => {
            taskDefinition("ok", {});
            taskDefinition("privileged", { privileged: true });
            taskDefinition("silent", { logConfiguration: undefined });
        };
        assert.deepEqual(await findings("ecs-no-privileged-containers", build), ['privileged: TaskDefinition "privileged" container "app" runs privileged. Fix: remove privileged: true from its container definition.']);
        const logging = await findings("ecs-container-logging", build);
        assert.equal(logging.length, 1);
        assert.match(logging[0], /^silent: TaskDefinition "silent" container "app" has no log configuration/);
    });

    it("codebuild-no-privileged-mode reports privileged projects unless exempted with a reason", async () => {
        const build = () => {
            project("image-build", { privileged: true, tags: { "mlplatform:exempt:codebuild-no-privileged-mode": "Builds the training image with docker build" } });
            project("lazy-exemption", { privileged: true, tags: { "mlplatform:exempt:codebuild-no-privileged-mode": "needed" } });
            project("seed", { privileged: true });
            project("unprivileged");
        };
        const found = await findings("codebuild-no-privileged-mode", build);
        assert.deepEqual(found.map((f) => f.split(":")[0]), ["lazy-exemption", "seed"]);
        assert.match(found[1], /runs in privileged mode\. Fix: .*mlplatform:exempt:codebuild-no-privileged-mode/);
        // Every exemption in use is listed; one without a real reason is a violation of its own.
        assert.deepEqual(await findings("exemptions-in-use", build), [
            'image-build: Project "image-build" is exempt from codebuild-no-privileged-mode: Builds the training image with docker build',
        ]);
        const unjustified = await findings("exemptions-are-justified", build);
        assert.equal(unjustified.length, 1);
        assert.match(unjustified[0], /^lazy-exemption: Project "lazy-exemption" is exempted from codebuild-no-privileged-mode without a reason \("needed"\), so the exemption is not honoured/);
    });

    it("exemptions-are-justified reports tags naming no policy; exemptions-in-use stays quiet without exemptions", async () => {
        const build = () => {
            project("typo", { tags: { "mlplatform:exempt:codebuild-privileged": "Builds the training image with docker build" } });
            project("plain");
        };
        assert.match((await findings("exemptions-are-justified", build)).join(), /has an exemption tag for "codebuild-privileged", which is no policy of this pack/);
        assert.deepEqual(await findings("exemptions-are-justified", () => project("plain")), []);
        assert.deepEqual(await findings("exemptions-in-use", () => project("plain")), []);
    });

    it("codebuild-encrypted and codebuild-logging", async () => {
        const build = () => {
            project("ok");
            project("unencrypted", { encryptionKey: undefined });
            project("no-logs", { logsConfig: { cloudwatchLogs: { status: "DISABLED" }, s3Logs: { status: "DISABLED" } } });
        };
        assert.deepEqual((await findings("codebuild-encrypted", build)).map((f) => f.split(":")[0]), ["unencrypted"]);
        assert.deepEqual((await findings("codebuild-logging", build)).map((f) => f.split(":")[0]), ["no-logs"]);
    });

    it("sfn-logging-and-tracing", async () => {
        const found = await findings("sfn-logging-and-tracing", () => {
            const definition = JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } });
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

    it("eventbridge-target-has-role reports seed 000's schedule target without a role", async () => {
        const found = await findings("eventbridge-target-has-role", () => {
            const rule = new aws.cloudwatch.EventRule("schedule", { scheduleExpression: "cron(0 3 ? * MON *)" });
            new aws.cloudwatch.EventTarget("seed", { rule: rule.name, arn: "arn:aws:states:us-east-1:123456789012:stateMachine:sefaz-ml-retrain-pipeline" });
            new aws.cloudwatch.EventTarget("with-role", { rule: rule.name, arn: "arn:aws:states:us-east-1:123456789012:stateMachine:x", roleArn: ROLE });
            new aws.cloudwatch.EventTarget("sns", { rule: rule.name, arn: "arn:aws:sns:us-east-1:123456789012:topic" });
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]), ["seed"]);
        assert.match(found[0], /targets states without a role/);
    });

    it("sns-topic-kms, cloudwatch-log-group-kms and secretsmanager-secret-kms", async () => {
        const build = () => {
            new aws.sns.Topic("cmk", { kmsMasterKeyId: KEY });
            new aws.sns.Topic("aws-managed", { kmsMasterKeyId: "alias/aws/sns" });
            new aws.sns.Topic("plain", {});
            new aws.cloudwatch.LogGroup("encrypted", { kmsKeyId: KEY, retentionInDays: 30 });
            new aws.cloudwatch.LogGroup("plain", { retentionInDays: 30 });
            new aws.secretsmanager.Secret("cmk", { kmsKeyId: KEY });
            new aws.secretsmanager.Secret("default", {});
        };
        assert.deepEqual((await findings("sns-topic-kms", build)).map((f) => f.split(":")[0]).sort(), ["aws-managed", "plain"]);
        assert.deepEqual((await findings("cloudwatch-log-group-kms", build)).map((f) => f.split(":")[0]), ["plain"]);
        assert.deepEqual((await findings("secretsmanager-secret-kms", build)).map((f) => f.split(":")[0]), ["default"]);
    });

    it("presence checks treat a value unknown in preview as set: nothing to skip, nothing to report", async () => {
        const run = await inlineRun(
            () => {
                const key = new aws.kms.Key("k", { enableKeyRotation: true });
                new aws.cloudwatch.LogGroup("encrypted-later", { kmsKeyId: key.arn, retentionInDays: 30 });
                new aws.sns.Topic("encrypted-later", { kmsMasterKeyId: key.arn });
            },
            { preview: true },
        );
        for (const policy of ["cloudwatch-log-group-kms", "sns-topic-kms"]) {
            assert.deepEqual(await violationsOf(run, policy), [], policy);
            assert.deepEqual(await skipsOf(run, policy), [], policy);
        }
    });

    it("cloudwatch-log-group-retention uses the configured minimum", async () => {
        const build = () => {
            new aws.cloudwatch.LogGroup("forever", { kmsKeyId: KEY });
            new aws.cloudwatch.LogGroup("week", { kmsKeyId: KEY, retentionInDays: 7 });
            new aws.cloudwatch.LogGroup("year", { kmsKeyId: KEY, retentionInDays: 365 });
        };
        const byDefault = await findings("cloudwatch-log-group-retention", build);
        assert.deepEqual(byDefault.map((f) => f.split(":")[0]).sort(), ["forever", "week"]);
        assert.match(byDefault.join("\n"), /week: LogGroup "week" keeps logs 7 days, less than the required 30/);
        const strict = await findings("cloudwatch-log-group-retention", build, { "cloudwatch-log-group-retention": { minimumRetentionDays: 400 } });
        assert.deepEqual(strict.map((f) => f.split(":")[0]).sort(), ["forever", "week", "year"]);
    });

    it("ssm-secure-string-for-secrets", async () => {
        const found = await findings("ssm-secure-string-for-secrets", () => {
            new aws.ssm.Parameter("batch", { name: "/sefaz-ml/prod/training/batch_size", type: "String", value: "64" });
            new aws.ssm.Parameter("token-secure", { name: "/sefaz-ml/prod/training/api_token", type: "SecureString", value: "x", keyId: KEY });
            new aws.ssm.Parameter("token-plain", { name: "/sefaz-ml/prod/training/api_token_v2", type: "String", value: "x" });
        });
        assert.deepEqual(found, [
            'token-plain: Parameter "token-plain" stores /sefaz-ml/prod/training/api_token_v2 as String. Fix: set type: "SecureString" and keyId to a customer-managed KMS key, and pass the value as a Pulumi secret.',
        ]);
    });
});
