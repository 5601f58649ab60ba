import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { BUCKET_POLICY, allowsAnyone, bucketStackPolicy } from "../../lib/s3Buckets";
import { whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "s3",
    severity: "critical",
    remediationSteps: [
        "Name the principals (accounts, roles) in the bucket policy's Allow statements.",
        "Or restrict them with a condition such as aws:PrincipalOrgID.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-2",
    frameworks: {
        fsbp: ["S3.2", "S3.3"],
        nist: ["AC-3", "AC-21"],
    },
    comparable: {
        checkov: ["CKV_AWS_70"],
    },
    source: "seed 002",
};

export const s3BucketNoPublicPolicy = withMetadata(bucketStackPolicy(
    "s3-bucket-no-public-policy",
    'S3 bucket policies allow nothing to "*" without conditions.',
    [BUCKET_POLICY],
    (bucket, links) => {
        const texts = [whenKnown(() => bucket.props.policy), ...links.linked(bucket, BUCKET_POLICY).map((p) => whenKnown(() => p.props.policy))];
        if (texts.some((t) => allowsAnyone(t))) return { ok: false, problem: 'has a policy that allows "*" without conditions' };
        return { ok: true };
    },
    'name the principals (accounts, roles) in the Allow statements, or add conditions such as aws:PrincipalOrgID',
), metadata);
