import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { BUCKET_POLICY, bucketStackPolicy, deniesInsecureTransport } from "../../lib/s3Buckets";
import { isUnknown, whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "s3",
    severity: "high",
    remediationSteps: [
        "Add to the bucket's aws.s3.BucketPolicy a Deny statement for Principal \"*\", Action \"s3:*\" on the bucket ARN and <bucket ARN>/*.",
        "Give it the condition { Bool: { \"aws:SecureTransport\": \"false\" } }.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5",
    frameworks: {
        cis: ["2.1.1"],
        fsbp: ["S3.5"],
        nist: ["AC-17", "SC-8", "SC-13"],
    },
    comparable: {
        checkov: ["CKV_AWS_379"],
        cdkNag: ["AwsSolutions-S10"],
    },
    source: "seed 004",
};

export const s3BucketTlsOnly = withMetadata(bucketStackPolicy(
    "s3-bucket-tls-only",
    "S3 bucket policies deny every request not sent over TLS (aws:SecureTransport).",
    [BUCKET_POLICY],
    (bucket, links) => {
        const inline = whenKnown(() => bucket.props.policy);
        if (inline !== undefined && deniesInsecureTransport(inline)) return { ok: true };
        const policies = links.linked(bucket, BUCKET_POLICY);
        let unknown = isUnknown(() => bucket.props.policy);
        for (const p of policies) {
            const text = whenKnown(() => p.props.policy);
            if (text === undefined) {
                unknown = true;
                continue;
            }
            if (deniesInsecureTransport(text)) return { ok: true };
        }
        if (unknown) return { unknown: true };
        return { ok: false, problem: policies.length ? "has a bucket policy that does not deny insecure transport" : "has no bucket policy denying insecure transport" };
    },
    'add to its aws.s3.BucketPolicy a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [<bucket ARN>, "<bucket ARN>/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }',
), metadata);
