import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArgs } from "../args";
import { MlDataBucketArgs, mlDataBucketArgsSchema } from "./args";
import { dataBucketPolicy } from "./bucketPolicy";

export * from "./args";
export * from "./bucketPolicy";

/**
 * An S3 bucket for ML data or artifacts: versioned, SSE-KMS with a bucket key, all public access
 * blocked, ACLs disabled, TLS-only with a policy that rejects wrongly encrypted uploads, and lifecycle
 * rules so versioning and failed uploads do not grow without bound. Uses the separate @pulumi/aws v7
 * bucket resources, one per concern, all children of this component.
 */
export class MlDataBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;

    constructor(name: string, rawArgs: MlDataBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:MlDataBucket", name, {}, opts);
        const args = parseArgs(mlDataBucketArgsSchema, rawArgs, "MlDataBucket", name);
        const protect = args.protect ?? false;
        // Every child guards the data, so every child is protected with the bucket.
        const child = { parent: this, protect };

        this.bucket = new aws.s3.Bucket(
            name,
            { bucket: args.bucketName, forceDestroy: args.forceDestroy, objectLockEnabled: false },
            { parent: this, protect, retainOnDelete: protect },
        );
        const bucket = this.bucket.bucket;

        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            name,
            { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            child,
        );
        new aws.s3.BucketOwnershipControls(name, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
        const versioning = new aws.s3.BucketVersioning(name, { bucket, versioningConfiguration: { status: "Enabled" } }, child);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            name,
            {
                bucket,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
                        bucketKeyEnabled: true,
                    },
                ],
            },
            child,
        );
        // The policy goes on after the public access block, which would otherwise race it.
        new aws.s3.BucketPolicy(
            name,
            {
                bucket,
                policy: pulumi
                    .all([this.bucket.arn, args.kmsKeyArn])
                    .apply(([arn, key]) => JSON.stringify(dataBucketPolicy(arn, key))),
            },
            { ...child, dependsOn: [publicAccessBlock] },
        );
        // Lifecycle rules on noncurrent versions need versioning to exist first.
        new aws.s3.BucketLifecycleConfiguration(
            name,
            {
                bucket,
                rules: [
                    {
                        id: "abort-incomplete-uploads",
                        status: "Enabled",
                        filter: {},
                        abortIncompleteMultipartUpload: { daysAfterInitiation: args.abortIncompleteUploadDays },
                    },
                    {
                        id: "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays },
                    },
                    {
                        id: "remove-expired-delete-markers",
                        status: "Enabled",
                        filter: {},
                        expiration: { expiredObjectDeleteMarker: true },
                    },
                ],
            },
            { ...child, dependsOn: [versioning] },
        );
        if (args.accessLogs) {
            new aws.s3.BucketLogging(
                name,
                {
                    bucket,
                    targetBucket: args.accessLogs.targetBucket,
                    targetPrefix: args.accessLogs.targetPrefix ?? pulumi.interpolate`${bucket}/`,
                },
                child,
            );
        }

        this.bucketName = bucket;
        this.bucketArn = this.bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
