import { PolicyResource } from "@pulumi/policy";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { ACCOUNT_PUBLIC_ACCESS_BLOCK, PAB_FLAGS, PUBLIC_ACCESS_BLOCK, bucketStackPolicy } from "../../lib/s3Buckets";
import { isUnknown, whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "s3",
    severity: "critical",
    remediationSteps: [
        "Add an aws.s3.BucketPublicAccessBlock for the bucket (or an AccountPublicAccessBlock for the account).",
        "Set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8",
    frameworks: {
        cis: ["2.1.4"],
        fsbp: ["S3.1", "S3.8"],
        nist: ["AC-3", "AC-21", "SC-7"],
    },
    comparable: {
        checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
    },
    source: "seed 000",
};

const allOn = (r: PolicyResource): boolean | undefined =>
    PAB_FLAGS.some((f) => isUnknown(() => r.props[f])) ? undefined : PAB_FLAGS.every((f) => r.props[f] === true);

/** Whether the stack has an account-wide block with all four settings on: looked for once per stack, not once per bucket. */
const accountBlocked = new WeakMap<PolicyResource[], boolean>();
function hasAccountBlock(all: PolicyResource[]): boolean {
    let blocked = accountBlocked.get(all);
    if (blocked === undefined) {
        blocked = all.some((r) => r.type === ACCOUNT_PUBLIC_ACCESS_BLOCK && allOn(r) === true);
        accountBlocked.set(all, blocked);
    }
    return blocked;
}

export const s3BucketPublicAccessBlock = withMetadata(bucketStackPolicy(
    "s3-bucket-public-access-block",
    "S3 buckets block public access with all four public access block settings.",
    [PUBLIC_ACCESS_BLOCK],
    (bucket, links, all) => {
        // An account-wide block in the same stack covers every bucket of the account.
        if (hasAccountBlock(all)) return { ok: true };
        const blocks = links.linked(bucket, PUBLIC_ACCESS_BLOCK);
        const verdicts = blocks.map(allOn);
        if (verdicts.includes(true)) return { ok: true };
        if (verdicts.includes(undefined)) return { unknown: true };
        if (blocks.length === 0) return { ok: false, problem: "has no public access block" };
        const off = PAB_FLAGS.filter((f) => blocks.every((b) => whenKnown(() => b.props[f]) !== true));
        return { ok: false, problem: `has a public access block with ${off.join(", ")} not set to true` };
    },
    "add an aws.s3.BucketPublicAccessBlock for it with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true",
), metadata);
