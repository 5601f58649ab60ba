import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { SSE, bucketStackPolicy, isKmsAlgorithm, linkedOf } from "../../lib/s3Buckets";
import { whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "s3",
    severity: "low",
    remediationSteps: ["Set bucketKeyEnabled: true in the bucket's SSE-KMS encryption rule."],
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html",
    frameworks: {
    },
    source: "seed 004 (S3)",
};

export const s3BucketKey = withMetadata(bucketStackPolicy(
    "s3-bucket-key-enabled",
    "S3 buckets with SSE-KMS use a bucket key, cutting KMS requests and their cost.",
    SSE,
    (bucket, links) => {
        const inline = whenKnown(() => bucket.props.serverSideEncryptionConfiguration?.rule);
        if (inline && isKmsAlgorithm(inline.applyServerSideEncryptionByDefault?.sseAlgorithm)) {
            return inline.bucketKeyEnabled === true ? { ok: true } : { ok: false, problem: "encrypts with KMS without a bucket key" };
        }
        const rules = linkedOf(bucket, links, SSE).flatMap((c) => (whenKnown(() => c.props.rules as any[]) ?? []));
        const kms = rules.filter((r) => isKmsAlgorithm(r?.applyServerSideEncryptionByDefault?.sseAlgorithm));
        if (kms.length === 0) return { ok: true }; // s3-bucket-sse-kms reports buckets without KMS
        return kms.every((r) => r.bucketKeyEnabled === true) ? { ok: true } : { ok: false, problem: "encrypts with KMS without a bucket key" };
    },
    "set bucketKeyEnabled: true in the encryption rule",
), metadata);
