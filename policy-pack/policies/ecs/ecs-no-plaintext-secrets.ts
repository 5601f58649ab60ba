import { plaintextSecrets } from "../../lib/documents";
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

/** A JSON array of definitions (or an array already): anything else would be judged as "no containers" and pass. */
function readableContainerDefinitions(raw: unknown): boolean {
    if (typeof raw !== "string") return Array.isArray(raw);
    try {
        return Array.isArray(JSON.parse(raw));
    } catch {
        return false;
    }
}

/**
 * Plaintext secrets in a container's environment, by name and by value (`documents.plaintextSecrets`): a
 * secret-looking name with a value that is only a reference (an ARN, a parameter path) is a pointer, not a
 * secret; a value shaped like a secret (an access key, a URI with a password, a token) is one under any name.
 */
export const ecsNoPlaintextSecrets = withMetadata(resourceCheck({
    name: "ecs-no-plaintext-secrets",
    description: "ECS containers take secrets from Secrets Manager or SSM (secrets/valueFrom), never from plaintext environment variables.",
    types: [TASK_DEFINITION],
    check: (props, report) => {
        if (!readableContainerDefinitions(props.containerDefinitions)) {
            report("has container definitions that cannot be read, so their environment cannot be judged", "give containerDefinitions as a JSON array of container definitions");
            return;
        }
        for (const c of containerDefinitions(props)) {
            for (const found of plaintextSecrets(c.environment as Array<{ name?: string; value?: string }> | undefined)) {
                const what = found.why === "a secret-looking name" ? "a secret-looking variable" : `${found.why} in variable`;
                report(
                    `container "${c.name}" has ${what} ${found.name} in plaintext environment`,
                    `move it to the container's secrets: [{ name: "${found.name}", valueFrom: <Secrets Manager secret or SSM SecureString ARN> }]`,
                );
            }
        }
    },
}), metadata);
