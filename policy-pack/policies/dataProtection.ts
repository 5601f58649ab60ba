import { StackValidationPolicy } from "@pulumi/policy";
import { LinkIndex } from "../lib/links";
import { resourceCheck } from "../lib/resourceCheck";
import { customerManagedKey, describe, isSet } from "../lib/values";

const SECRET_LOOKING_NAME = /(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential)/i;

export const snsTopicKms = resourceCheck({
    name: "sns-topic-kms",
    description: "SNS topics are encrypted with a customer-managed KMS key (alias/aws/sns cannot grant CloudWatch or EventBridge).",
    severity: "medium",
    types: ["aws:sns/topic:Topic"],
    check: (props, report) => {
        const state = customerManagedKey(props, "kmsMasterKeyId", "sns");
        if (state !== "ok") {
            report(state === "aws-managed" ? "is encrypted with the AWS-managed key alias/aws/sns" : "is not encrypted", "set kmsMasterKeyId to a customer-managed KMS key ARN");
        }
    },
});

export const logGroupKms = resourceCheck({
    name: "cloudwatch-log-group-kms",
    description: "CloudWatch log groups are encrypted with a customer-managed KMS key.",
    severity: "medium",
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    check: (props, report) => {
        if (!isSet(() => props.kmsKeyId)) report("is not encrypted with a customer-managed key", "set kmsKeyId to a KMS key ARN whose policy lets logs.<region>.amazonaws.com use it");
    },
});

export const logGroupRetention = resourceCheck({
    name: "cloudwatch-log-group-retention",
    description: "CloudWatch log groups expire their events after a set retention of at least the configured minimum.",
    severity: "low",
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    configSchema: {
        properties: {
            minimumRetentionDays: { type: "integer", minimum: 1, default: 30, description: "Shortest retention allowed, in days." },
        },
    },
    check: (props, report, args) => {
        const minimum = args.getConfig<{ minimumRetentionDays?: number }>().minimumRetentionDays ?? 30;
        const days = props.retentionInDays;
        if (!days) {
            report("keeps logs forever", `set retentionInDays (at least ${minimum})`);
        } else if (days < minimum) {
            report(`keeps logs ${days} days, less than the required ${minimum}`, `set retentionInDays to ${minimum} or more`);
        }
    },
});

export const secretKms = resourceCheck({
    name: "secretsmanager-secret-kms",
    description: "Secrets Manager secrets are encrypted with a customer-managed KMS key.",
    severity: "medium",
    types: ["aws:secretsmanager/secret:Secret"],
    check: (props, report) => {
        if (customerManagedKey(props, "kmsKeyId", "secretsmanager") !== "ok") {
            report("uses the AWS-managed key", "set kmsKeyId to a customer-managed KMS key ARN");
        }
    },
});

export const ssmSecureStringForSecrets = resourceCheck({
    name: "ssm-secure-string-for-secrets",
    description: "SSM parameters whose names look like secrets are SecureString, encrypted with KMS.",
    severity: "high",
    types: ["aws:ssm/parameter:Parameter"],
    check: (props, report) => {
        const name = String(props.name ?? "");
        if (SECRET_LOOKING_NAME.test(name.split("/").pop() ?? "") && props.type !== "SecureString") {
            report(`stores ${name} as ${props.type ?? "String"}`, 'set type: "SecureString" and keyId to a customer-managed KMS key, and pass the value as a Pulumi secret');
        }
    },
});

/**
 * Secrets rotate where a rotation can exist: a secret with no rotation resource linked to it (through
 * `secretId`) is reported. Advisory: some secrets (third-party API keys) cannot rotate from AWS.
 */
export const secretRotation: StackValidationPolicy = {
    name: "secretsmanager-secret-rotation",
    description: "Secrets Manager secrets have a rotation schedule where one can exist.",
    enforcementLevel: "advisory",
    severity: "medium",
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
};

export const dataProtectionPolicies = [snsTopicKms, logGroupKms, logGroupRetention, secretKms, ssmSecureStringForSecrets, secretRotation];
