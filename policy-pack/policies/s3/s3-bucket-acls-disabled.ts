import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { bucketStackPolicy } from "../../lib/s3Buckets";
import { isUnknown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "s3",
    severity: "medium",
    remediationSteps: [
        "Add an aws.s3.BucketOwnershipControls for the bucket with rule: { objectOwnership: \"BucketOwnerEnforced\" }.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-12",
    frameworks: {
        fsbp: ["S3.12"],
        nist: ["AC-3", "AC-6"],
    },
    comparable: {
        checkov: ["CKV2_AWS_65"],
    },
    source: "issue 2",
};

export const s3BucketAclsDisabled = withMetadata(bucketStackPolicy(
    "s3-bucket-acls-disabled",
    "S3 buckets disable ACLs (object ownership BucketOwnerEnforced), so access is decided by policies alone.",
    ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
    (bucket, links) => {
        const controls = links.linked(bucket, "aws:s3/bucketOwnershipControls:BucketOwnershipControls");
        if (controls.some((c) => isUnknown(() => c.props.rule))) return { unknown: true };
        if (controls.some((c) => c.props.rule?.objectOwnership === "BucketOwnerEnforced")) return { ok: true };
        return { ok: false, problem: controls.length ? "keeps ACLs enabled" : "has no ownership controls (ACLs enabled)" };
    },
    'add an aws.s3.BucketOwnershipControls for it with rule: { objectOwnership: "BucketOwnerEnforced" }',
), metadata);
