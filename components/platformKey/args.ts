import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { AwsContext } from "../naming";
import { wholeNumber } from "../args";

/** Services that use the key on a caller's behalf (kms:ViaService). */
export const viaServiceSchema = z.enum(["s3", "ssm", "secretsmanager", "sns", "sqs", "ecr", "codecommit", "codebuild", "elasticfilesystem", "ec2", "sagemaker", "backup"]);
export type ViaService = z.infer<typeof viaServiceSchema>;

/** Service principals that publish to SNS topics encrypted with the key. */
export const publisherServiceSchema = z.enum(["cloudwatch", "events"]);
export type PublisherService = z.infer<typeof publisherServiceSchema>;

/** The arguments of PlatformKey: the one description of them (types, defaults, ranges). */
export const platformKeyArgsSchema = z.object({
    /** Alias without the `alias/` prefix, e.g. `sefaz-ml-prod`. */
    alias: z.string({ error: "a key alias without alias/, e.g. sefaz-ml-prod (required)" }).regex(/^(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/, {
        error: "1-250 letters, digits, / _ -, not starting with aws/",
    }),
    description: z.string().optional(),
    /** Days KMS waits before deleting the key after `ScheduleKeyDeletion` (7-30; 30 in prod). */
    deletionWindowInDays: wholeNumber(7, 30, "days").describe("KMS key deletion window").default(30),
    /** Services callers may use the key through (kms:ViaService). Default S3, SSM, Secrets Manager, SNS. */
    viaServices: z.array(viaServiceSchema).optional(),
    /** Let CloudWatch Logs encrypt this account's log groups. Default true. */
    cloudWatchLogs: z.boolean().optional(),
    /** Service principals that publish to encrypted SNS topics. Default CloudWatch alarms and EventBridge. */
    publishers: z.array(publisherServiceSchema).optional(),
    /**
     * Names (or `*` patterns) of this account's roles that use the key directly, not through a service: the
     * deploy builds of MLOps projects, whose Pulumi stacks encrypt their secrets with it (`awskms://`).
     */
    secretsProviderRoleNames: z.array(z.string().regex(/^[\w+=,.@*-]{1,64}$/, { error: "an IAM role name or pattern" })).optional(),
    /** Protect the key from `pulumi destroy` and keep it if it leaves the program (prod). */
    protect: z.boolean().optional(),
    /** Partition, account and region; looked up through the component's provider when omitted. */
    context: z.custom<pulumi.Input<AwsContext>>().optional(),
});

/** What a caller passes to PlatformKey (defaults may be omitted). */
export type PlatformKeyArgs = z.input<typeof platformKeyArgsSchema>;
/** PlatformKey's arguments with their defaults filled in. */
export type PlatformKeySettings = z.infer<typeof platformKeyArgsSchema>;
