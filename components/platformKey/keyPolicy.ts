import { Arns, AwsContext } from "../naming";
import { PublisherService, ViaService } from "./args";
import { SERVICE_PRINCIPALS, logsPrincipal, viaServiceHost } from "../aws";

/**
 * Key policy of the platform key, as plain data.
 *
 * The account (its IAM policies) may administer the key but may use it for data only through the
 * services that store platform data (`kms:ViaService`), so even an IAM principal with `kms:*` cannot
 * decrypt platform data outside S3, SSM, Secrets Manager or SNS. Services that encrypt on their own
 * behalf get statements of their own, pinned to this account wherever AWS sends the key to pin on
 * (EventBridge's deliveries carry none). No statement names a `*` principal.
 */

export interface KeyPolicyInput {
    ctx: AwsContext;
    /** Services callers may use the key through; default S3, SSM, Secrets Manager, SNS. */
    viaServices?: ViaService[];
    /** Let CloudWatch Logs encrypt this account's log groups with the key. Default true. */
    cloudWatchLogs?: boolean;
    /** Service principals that deliver to encrypted topics and queues (alarms, EventBridge rules). Default both. */
    publishers?: PublisherService[];
    /** This account's roles (names or `*` patterns) that encrypt Pulumi stack secrets with the key directly. */
    secretsProviderRoleNames?: string[];
}

export const DEFAULT_VIA_SERVICES: ViaService[] = ["s3", "ssm", "secretsmanager", "sns"];

/** Key administration without data use: enough to manage, rotate, tag and schedule deletion. */
export const KEY_ADMIN_ACTIONS = [
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:UpdateAlias",
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:PutKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:EnableKeyRotation",
    "kms:ListKeyRotations",
    "kms:RotateKeyOnDemand",
    "kms:EnableKey",
    "kms:DisableKey",
    "kms:UpdateKeyDescription",
    "kms:ListResourceTags",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:RevokeGrant",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
];

export const KEY_USE_ACTIONS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:DescribeKey",
];

export function keyPolicy(input: KeyPolicyInput): object {
    const { ctx } = input;
    const arns = new Arns(ctx);
    const via = input.viaServices ?? DEFAULT_VIA_SERVICES;
    const publishers = input.publishers ?? ["cloudwatch", "events"];
    const statements: object[] = [
        {
            Sid: "AccountAdministersKey",
            Effect: "Allow",
            Principal: { AWS: arns.accountRoot },
            Action: KEY_ADMIN_ACTIONS,
            Resource: "*",
        },
    ];
    if (via.length > 0) {
        statements.push({
            Sid: "AccountUsesKeyOnlyThroughPlatformServices",
            Effect: "Allow",
            Principal: { AWS: arns.accountRoot },
            Action: KEY_USE_ACTIONS,
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:CallerAccount": ctx.accountId,
                    "kms:ViaService": via.map((s) => viaServiceHost(s, ctx.region)),
                },
            },
        });
        // Services that attach the key to volumes or repositories do so through grants for AWS resources.
        const grantServices = via.filter((s) => ["ecr", "elasticfilesystem", "ec2", "sagemaker", "codebuild", "backup"].includes(s));
        if (grantServices.length > 0) {
            statements.push({
                Sid: "AccountGrantsKeyToPlatformServiceResources",
                Effect: "Allow",
                Principal: { AWS: arns.accountRoot },
                Action: ["kms:CreateGrant"],
                Resource: "*",
                Condition: {
                    StringEquals: {
                        "kms:CallerAccount": ctx.accountId,
                        "kms:ViaService": grantServices.map((s) => viaServiceHost(s, ctx.region)),
                    },
                    Bool: { "kms:GrantIsForAWSResource": "true" },
                },
            });
        }
    }
    if (input.secretsProviderRoleNames?.length) {
        // Pulumi's awskms:// secrets provider calls KMS itself (no kms:ViaService): only these roles of this
        // account may, and only to encrypt and decrypt (MLOps deploy builds' endpoint stacks).
        statements.push({
            Sid: "PulumiSecretsProviderRolesEncryptStackSecrets",
            Effect: "Allow",
            Principal: { AWS: arns.accountRoot },
            Action: ["kms:Encrypt", "kms:Decrypt"],
            Resource: "*",
            Condition: {
                StringEquals: { "kms:CallerAccount": ctx.accountId },
                ArnLike: { "aws:PrincipalArn": input.secretsProviderRoleNames.map((n) => arns.role(n)) },
            },
        });
    }
    if (input.cloudWatchLogs ?? true) {
        statements.push({
            Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
            Effect: "Allow",
            Principal: { Service: logsPrincipal(ctx.region) },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:DescribeKey"],
            Resource: "*",
            Condition: {
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": arns.of("logs", "log-group:*") },
            },
        });
    }
    if (publishers.includes("cloudwatch")) {
        statements.push({
            Sid: "AlarmsOfThisAccountPublishToEncryptedTopics",
            Effect: "Allow",
            Principal: { Service: SERVICE_PRINCIPALS.cloudwatch },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
        });
    }
    if (publishers.includes("events")) {
        // No aws:SourceAccount/aws:SourceArn here: the KMS request of an EventBridge delivery to an encrypted
        // topic or queue does not carry them (SNS Developer Guide, "Enable compatibility between event sources
        // from AWS services and encrypted topics"), so such a condition would drop every rule's alert and dead
        // letter silently. Who may send is decided by the topic and queue policies (this account's rules only).
        statements.push({
            Sid: "EventBridgeDeliversToEncryptedTopicsAndQueues",
            Effect: "Allow",
            Principal: { Service: SERVICE_PRINCIPALS.events },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}
