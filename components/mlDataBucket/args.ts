import { z } from "zod";
import { input, wholeNumber } from "../args";

/** The arguments of MlDataBucket: the one description of them (types, defaults, ranges, the rule between them). */
export const mlDataBucketArgsSchema = z
    .object({
        /** Globally unique bucket name, e.g. `sefaz-ml-data-prod-123456789012-us-east-1`. */
        bucketName: input<string>("the bucket name"),
        /** Customer-managed key for SSE-KMS; the bucket policy also rejects uploads asking for another key. */
        kmsKeyArn: input<string>("the ARN of the customer-managed KMS key"),
        /** Days after which noncurrent object versions expire (versioning otherwise keeps them forever). */
        noncurrentVersionExpirationDays: wholeNumber(1, 3650, "days").describe("when old object versions expire").default(90),
        /** Days after which incomplete multipart uploads are aborted. */
        abortIncompleteUploadDays: wholeNumber(1, 3650, "days").default(7),
        /** Let `pulumi destroy` delete a non-empty bucket. Only for disposable (dev) stacks; never with `protect`. */
        forceDestroy: z.boolean({ error: "true or false" }).describe("let `pulumi destroy` empty and delete buckets (dev only)").default(false),
        /** Protect the bucket and its security settings from `pulumi destroy`, and keep it if it leaves the program. */
        protect: z.boolean({ error: "true or false" }).default(false),
        /** Existing bucket that receives S3 server access logs (it must use SSE-S3; S3 cannot log to SSE-KMS buckets). */
        accessLogs: z
            .object({ targetBucket: input<string>("the access-log bucket's name"), targetPrefix: input<string>("a key prefix").optional() })
            .optional(),
    })
    .superRefine((a, ctx) => {
        if (a.protect && a.forceDestroy) {
            ctx.addIssue({ code: "custom", path: ["forceDestroy"], input: a.forceDestroy, message: "false when protect is true (a protected bucket is never force-destroyed)" });
        }
    });

/** What a caller passes to MlDataBucket (defaults may be omitted). */
export type MlDataBucketArgs = z.input<typeof mlDataBucketArgsSchema>;
/** MlDataBucket's arguments with their defaults filled in. */
export type MlDataBucketSettings = z.infer<typeof mlDataBucketArgsSchema>;
