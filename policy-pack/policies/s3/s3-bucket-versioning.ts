import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { VERSIONING, bucketStackPolicy, inlineVersioning, linkedOf } from "../../lib/s3Buckets";
import { isUnknown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "s3",
    severity: "medium",
    remediationSteps: ["Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration: { status: \"Enabled\" }."],
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",
    frameworks: {
        nist: ["CP-9", "SI-12"],
    },
    comparable: {
        checkov: ["CKV_AWS_21"],
    },
    source: "seed 000",
};

export const s3BucketVersioning = withMetadata(bucketStackPolicy(
    "s3-bucket-versioning",
    "S3 buckets keep object versions, so overwritten or deleted data can be recovered.",
    VERSIONING,
    (bucket, links) => {
        if (inlineVersioning(bucket)) return { ok: true };
        const configs = linkedOf(bucket, links, VERSIONING);
        let unknown = false;
        for (const c of configs) {
            if (isUnknown(() => c.props.versioningConfiguration?.status)) {
                unknown = true;
                continue;
            }
            if (c.props.versioningConfiguration?.status === "Enabled") return { ok: true };
        }
        if (unknown) return { unknown: true };
        return { ok: false, problem: configs.length ? "has versioning suspended or disabled" : "has no versioning configuration" };
    },
    'add an aws.s3.BucketVersioning for it with versioningConfiguration: { status: "Enabled" }',
), metadata);
