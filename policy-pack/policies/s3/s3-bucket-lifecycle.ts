import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { bucketStackPolicy } from "../../lib/s3Buckets";
import { whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "s3",
    severity: "low",
    remediationSteps: [
        "Add an aws.s3.BucketLifecycleConfiguration for the bucket.",
        "Include abortIncompleteMultipartUpload and noncurrentVersionExpiration rules.",
    ],
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html",
    frameworks: {
        nist: ["SI-12"],
    },
    comparable: {
        checkov: ["CKV2_AWS_61", "CKV_AWS_300"],
    },
    source: "issue 2",
};

export const s3BucketLifecycle = withMetadata(bucketStackPolicy(
    "s3-bucket-lifecycle",
    "S3 buckets have lifecycle rules (at least aborting incomplete multipart uploads).",
    ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"],
    (bucket, links) => {
        const inline = whenKnown(() => bucket.props.lifecycleRules as any[]) ?? [];
        const linked = ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"].flatMap((t) => links.linked(bucket, t));
        return inline.length > 0 || linked.length > 0 ? { ok: true } : { ok: false, problem: "has no lifecycle rules" };
    },
    "add an aws.s3.BucketLifecycleConfiguration with abortIncompleteMultipartUpload and noncurrentVersionExpiration rules",
), metadata);
