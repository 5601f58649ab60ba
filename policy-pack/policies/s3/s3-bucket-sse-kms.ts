import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { SSE, bucketStackPolicy, inlineSseAlgorithms, isKmsAlgorithm, linkedOf } from "../../lib/s3Buckets";
import { whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "s3",
    severity: "high",
    remediationSteps: [
        "Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket.",
        "Set rules[0].applyServerSideEncryptionByDefault to { sseAlgorithm: \"aws:kms\", kmsMasterKeyId: <customer-managed key ARN> }.",
        "Set bucketKeyEnabled: true.",
    ],
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",
    frameworks: {
        nist: ["SC-12", "SC-13", "SC-28"],
    },
    comparable: {
        checkov: ["CKV_AWS_19", "CKV_AWS_145"],
    },
    source: "seed 004 (S3), whitepaper L931-945",
};

export const s3BucketSseKms = withMetadata(bucketStackPolicy(
    "s3-bucket-sse-kms",
    "S3 buckets are encrypted by default with SSE-KMS (a KMS key, not SSE-S3).",
    SSE,
    (bucket, links) => {
        if ((inlineSseAlgorithms(bucket) ?? []).some(isKmsAlgorithm)) return { ok: true };
        const configs = linkedOf(bucket, links, SSE);
        let unknown = false;
        for (const c of configs) {
            const rules = whenKnown(() => c.props.rules as any[]);
            if (rules === undefined) {
                unknown = true;
                continue;
            }
            if (rules.some((r) => isKmsAlgorithm(r?.applyServerSideEncryptionByDefault?.sseAlgorithm))) return { ok: true };
        }
        if (unknown) return { unknown: true };
        return {
            ok: false,
            problem: configs.length ? "has a default encryption that is not SSE-KMS" : "has no default encryption configuration",
        };
    },
    'add an aws.s3.BucketServerSideEncryptionConfiguration for it with rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "aws:kms", kmsMasterKeyId: <customer-managed key ARN> } and bucketKeyEnabled: true',
), metadata);
