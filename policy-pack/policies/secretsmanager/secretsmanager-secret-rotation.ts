import { StackValidationPolicy } from "@pulumi/policy";
import { LinkIndex } from "../../lib/links";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { describe } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "secretsmanager",
    severity: "medium",
    remediationSteps: [
        "Add an aws.secretsmanager.SecretRotation with a rotation Lambda (AWS publishes them for RDS, Redshift, DocumentDB).",
        "If the secret cannot rotate from AWS, exempt it with the reason.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-1",
    frameworks: {
        fsbp: ["SecretsManager.1"],
        nist: ["IA-5"],
    },
    comparable: {
        checkov: ["CKV2_AWS_57"],
        cdkNag: ["AwsSolutions-SMG4"],
    },
    source: "seed 004 (secrets)",
};

/**
 * Secrets rotate where a rotation can exist: a secret with no rotation resource linked to it (through
 * `secretId`) is reported. Advisory: some secrets (third-party API keys) cannot rotate from AWS.
 */
export const secretRotation = withMetadata<StackValidationPolicy>({
    name: "secretsmanager-secret-rotation",
    description: "Secrets Manager secrets have a rotation schedule where one can exist.",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        const secrets = args.resources.filter((r) => r.type === "aws:secretsmanager/secret:Secret");
        if (secrets.length === 0) return;
        const links = new LinkIndex(args.resources, ["aws:secretsmanager/secret:Secret"], ["aws:secretsmanager/secretRotation:SecretRotation"], "secretId", ["id", "arn"]);
        for (const secret of secrets) {
            if (links.linked(secret, "aws:secretsmanager/secretRotation:SecretRotation").length === 0) {
                report(
                    `${describe(secret)} never rotates. Fix: add an aws.secretsmanager.SecretRotation with a rotation Lambda (AWS publishes them for RDS, Redshift, DocumentDB), or exempt it with the reason it cannot rotate.`,
                    secret.urn,
                );
            }
        }
    },
}, metadata);
