import { containerDefinitions, resourceCheck } from "../lib/resourceCheck";
import { customerManagedKey } from "../lib/values";

const ECR_REPOSITORY = "aws:ecr/repository:Repository";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const CODEBUILD_PROJECT = "aws:codebuild/project:Project";

/** Environment variable names that carry secrets, and values that are AWS access keys. */
export const SECRET_LOOKING_ENV = /(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|access[-_]?key)/i;
const ACCESS_KEY_VALUE = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;

export const ecrScanOnPush = resourceCheck({
    name: "ecr-scan-on-push",
    description: "ECR repositories scan images for vulnerabilities on push.",
    severity: "medium",
    types: [ECR_REPOSITORY],
    check: (props, report) => {
        if (props.imageScanningConfiguration?.scanOnPush !== true) {
            report("does not scan images on push", "set imageScanningConfiguration: { scanOnPush: true }");
        }
    },
});

export const ecrImmutableTags = resourceCheck({
    name: "ecr-immutable-tags",
    description: "ECR repositories have immutable image tags, so a tag always names the image that was tested.",
    severity: "medium",
    types: [ECR_REPOSITORY],
    check: (props, report) => {
        const mutability = props.imageTagMutability ?? "MUTABLE";
        if (!String(mutability).startsWith("IMMUTABLE")) {
            report(`has ${mutability} image tags`, 'set imageTagMutability: "IMMUTABLE" and tag images with the commit they were built from');
        }
    },
});

export const ecsNoPlaintextSecrets = resourceCheck({
    name: "ecs-no-plaintext-secrets",
    description: "ECS containers take secrets from Secrets Manager or SSM (secrets/valueFrom), never from plaintext environment variables.",
    severity: "critical",
    types: [TASK_DEFINITION],
    check: (props, report) => {
        for (const c of containerDefinitions(props)) {
            for (const env of (c.environment ?? []) as Array<{ name?: string; value?: string }>) {
                const byName = SECRET_LOOKING_ENV.test(env.name ?? "");
                const byValue = ACCESS_KEY_VALUE.test(env.value ?? "");
                if (byName || byValue) {
                    report(
                        `container "${c.name}" has ${byValue ? "an AWS access key" : "a secret-looking variable"} ${env.name} in plaintext environment`,
                        `move it to the container's secrets: [{ name: "${env.name}", valueFrom: <Secrets Manager secret or SSM SecureString ARN> }]`,
                    );
                }
            }
        }
    },
});

export const ecsNoPrivilegedContainers = resourceCheck({
    name: "ecs-no-privileged-containers",
    description: "ECS containers do not run privileged.",
    severity: "high",
    types: [TASK_DEFINITION],
    check: (props, report) => {
        for (const c of containerDefinitions(props)) {
            if (c.privileged === true) report(`container "${c.name}" runs privileged`, "remove privileged: true from its container definition");
        }
    },
});

export const ecsContainerLogging = resourceCheck({
    name: "ecs-container-logging",
    description: "ECS containers send their logs somewhere (a log driver is configured).",
    severity: "medium",
    types: [TASK_DEFINITION],
    check: (props, report) => {
        for (const c of containerDefinitions(props)) {
            if (!c.logConfiguration?.logDriver) {
                report(
                    `container "${c.name}" has no log configuration`,
                    'set logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": <pre-created log group>, "awslogs-region": <region>, "awslogs-stream-prefix": <name> } }',
                );
            }
        }
    },
});

export const codebuildNoPrivilegedMode = resourceCheck({
    name: "codebuild-no-privileged-mode",
    description: "CodeBuild projects do not run privileged (a Docker daemon with host access), unless exempted with a reason.",
    severity: "high",
    types: [CODEBUILD_PROJECT],
    check: (props, report) => {
        if (props.environment?.privilegedMode === true) {
            report(
                "runs in privileged mode",
                'set environment.privilegedMode: false; a project that must build container images may be exempted by the tag "mlplatform:exempt:codebuild-no-privileged-mode" with the reason',
            );
        }
    },
});

export const codebuildEncrypted = resourceCheck({
    name: "codebuild-encrypted",
    description: "CodeBuild projects encrypt build output with a customer-managed KMS key.",
    severity: "medium",
    types: [CODEBUILD_PROJECT],
    check: (props, report) => {
        if (customerManagedKey(props, "encryptionKey", "s3") !== "ok") {
            report("does not encrypt with a customer-managed key", "set encryptionKey to the platform KMS key ARN");
        }
    },
});

export const codebuildLogging = resourceCheck({
    name: "codebuild-logging",
    description: "CodeBuild projects keep build logs in CloudWatch Logs or S3.",
    severity: "medium",
    types: [CODEBUILD_PROJECT],
    check: (props, report) => {
        const cw = props.logsConfig?.cloudwatchLogs?.status ?? "ENABLED";
        const s3 = props.logsConfig?.s3Logs?.status ?? "DISABLED";
        if (cw === "DISABLED" && s3 === "DISABLED") {
            report("keeps no build logs", 'set logsConfig.cloudwatchLogs: { status: "ENABLED", groupName: <pre-created, encrypted log group> }');
        }
    },
});

export const containerPolicies = [
    ecrScanOnPush,
    ecrImmutableTags,
    ecsNoPlaintextSecrets,
    ecsNoPrivilegedContainers,
    ecsContainerLogging,
    codebuildNoPrivilegedMode,
    codebuildEncrypted,
    codebuildLogging,
];
