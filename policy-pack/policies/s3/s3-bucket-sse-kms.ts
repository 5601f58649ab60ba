import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { SSE, SseDefault, bucketStackPolicy, inlineSseDefaults, isKmsAlgorithm, linkedOf, sseDefault } from "../../lib/s3Buckets";
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

/**
 * Default encryption with a customer-managed key. `aws:kms` without a kmsMasterKeyId (or with
 * `alias/aws/s3`) is the AWS-managed key aws/s3 (AWS docs, "Specifying server-side encryption with AWS KMS"),
 * whose policy cannot be governed or grant other services: the remediation always asked for a
 * customer-managed key, and now the check does too.
 */
export const s3BucketSseKms = withMetadata(bucketStackPolicy(
    "s3-bucket-sse-kms",
    "S3 buckets are encrypted by default with SSE-KMS under a customer-managed key (not SSE-S3, not aws/s3).",
    SSE,
    (bucket, links) => {
        const defaults: SseDefault[] = [];
        let unknown = false;
        const inline = inlineSseDefaults(bucket);
        if (inline === undefined) unknown = true;
        else defaults.push(...inline);
        const configs = linkedOf(bucket, links, SSE);
        for (const c of configs) {
            const count = whenKnown(() => (c.props.rules as any[] | undefined)?.length);
            if (count === undefined) {
                unknown = true;
                continue;
            }
            for (let i = 0; i < count; i++) defaults.push(sseDefault(c.props.rules[i]?.applyServerSideEncryptionByDefault));
        }
        if (defaults.some((d) => isKmsAlgorithm(d.algorithm) && d.customerManagedKey)) return { ok: true };
        if (unknown || defaults.some((d) => d.algorithm === undefined)) return { unknown: true };
        const kms = defaults.some((d) => isKmsAlgorithm(d.algorithm));
        return {
            ok: false,
            problem: kms
                ? "is encrypted by default with the AWS-managed key aws/s3 (aws:kms without a customer-managed kmsMasterKeyId)"
                : configs.length || defaults.length
                  ? "has a default encryption that is not SSE-KMS"
                  : "has no default encryption configuration",
        };
    },
    'add an aws.s3.BucketServerSideEncryptionConfiguration for it with rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "aws:kms", kmsMasterKeyId: <customer-managed key ARN> } and bucketKeyEnabled: true',
), metadata);
