import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { judge } from "../../lib/documents";
import { BUCKET_POLICY, bucketStackPolicy } from "../../lib/s3Buckets";
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

/**
 * A bucket policy is public when it allows any principal (`*`, `{AWS: "*"}`, NotPrincipal) with no condition
 * that limits who or from where (`aws:SecureTransport` alone does not); one that cannot be parsed is
 * reported too (fail closed). Policies unknown in preview are judged at update.
 */
export const s3BucketNoPublicPolicy = withMetadata(bucketStackPolicy(
    "s3-bucket-no-public-policy",
    "S3 bucket policies allow nothing to any principal without a condition on who or from where.",
    [BUCKET_POLICY],
    (bucket, links) => {
        const texts = [whenKnown(() => bucket.props.policy), ...links.linked(bucket, BUCKET_POLICY).map((p) => whenKnown(() => p.props.policy))];
        const problems = texts
            .filter((t) => t !== undefined && t !== null && t !== "")
            .flatMap((t) => judge(t, "resource"))
            .filter((f) => f.rule === "public" || f.rule === "unparseable")
            .map((f) => f.problem);
        if (problems.length) return { ok: false, problem: `has a policy where ${problems.join("; ")}` };
        return { ok: true };
    },
    "name the principals (accounts, roles) in the Allow statements, or add conditions on who or from where such as aws:PrincipalOrgID, aws:SourceVpce or aws:SourceArn",
), metadata);
