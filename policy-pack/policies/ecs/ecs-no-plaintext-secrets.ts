import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { containerDefinitions, resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "ecs",
    severity: "critical",
    remediationSteps: [
        "Store the value in Secrets Manager or as an SSM SecureString parameter.",
        "Move the variable from the container's environment to its secrets: [{ name, valueFrom: <secret or parameter ARN> }].",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-8",
    frameworks: {
        fsbp: ["ECS.8"],
        nist: ["IA-5", "SC-28"],
    },
    comparable: {
        cdkNag: ["AwsSolutions-ECS2"],
        trivy: ["AVD-AWS-0036"],
    },
    source: "seed 000 (plaintext password)",
};

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

/** Environment variable names that carry secrets, and values that are AWS access keys. */
export const SECRET_LOOKING_ENV = /(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|access[-_]?key)/i;

const ACCESS_KEY_VALUE = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;

export const ecsNoPlaintextSecrets = withMetadata(resourceCheck({
    name: "ecs-no-plaintext-secrets",
    description: "ECS containers take secrets from Secrets Manager or SSM (secrets/valueFrom), never from plaintext environment variables.",
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
}), metadata);
