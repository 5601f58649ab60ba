import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { parseDocument } from "./documents";
import { namesCustomerManagedKey } from "./keyInput";
import { LinkIndex } from "./links";
import { describe, skippedInPreview, whenKnown } from "./values";

/**
 * What the S3 bucket policies share. In @pulumi/aws v7 a bucket's encryption, versioning, public access
 * block and policy are separate resources, so the S3 guardrails are stack policies: each bucket is judged
 * together with the configuration resources linked to it (propertyDependencies.bucket), and inline settings
 * on the bucket are accepted too. A check whose value is unknown during preview is skipped for that bucket only.
 */

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

export const SSE = ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"];

export const VERSIONING = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];

export const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";

export const ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";

export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

export const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/** Verdict of one check on one bucket: compliant, violating (with the problem), or unknown in preview. */
export type Verdict = { ok: true } | { ok: false; problem: string } | { unknown: true };

/** A stack policy judging each bucket with `check`; its severity and the rest come from the policy's metadata. */
export function bucketStackPolicy(
    name: string,
    description: string,
    configTypes: string[],
    check: (bucket: PolicyResource, links: LinkIndex, all: PolicyResource[]) => Verdict,
    remediation: string,
): StackValidationPolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const buckets = args.resources.filter((r) => BUCKET_TYPES.includes(r.type));
            if (buckets.length === 0) return;
            const links = new LinkIndex(args.resources, BUCKET_TYPES, configTypes);
            const unknown: string[] = [];
            for (const bucket of buckets) {
                const verdict = check(bucket, links, args.resources);
                if ("ok" in verdict && !verdict.ok) {
                    reportViolation(`${describe(bucket)} ${verdict.problem}. Fix: ${remediation}`, bucket.urn);
                } else if ("unknown" in verdict) {
                    unknown.push(describe(bucket));
                }
            }
            // Known buckets are judged above; the rest are said to be skipped, not silently passed.
            if (unknown.length > 0) throw skippedInPreview(`for ${unknown.join(", ")}`);
        },
    };
}

export function linkedOf(bucket: PolicyResource, links: LinkIndex, types: string[]): PolicyResource[] {
    return types.flatMap((t) => links.linked(bucket, t));
}

export function isKmsAlgorithm(value: unknown): boolean {
    return value === "aws:kms" || value === "aws:kms:dsse";
}

/** A default-encryption setting: its algorithm (undefined when unknown in preview) and whether it names a customer-managed key. */
export interface SseDefault {
    algorithm: unknown;
    customerManagedKey: boolean;
}

/** Reads one `applyServerSideEncryptionByDefault` block leaf by leaf, so a key unknown in preview does not hide the algorithm. */
export function sseDefault(block: { sseAlgorithm?: unknown; kmsMasterKeyId?: unknown } | undefined): SseDefault {
    return { algorithm: whenKnown(() => block?.sseAlgorithm), customerManagedKey: namesCustomerManagedKey(() => block?.kmsMasterKeyId) };
}

/**
 * Inline default encryption of a bucket, in either shape @pulumi/aws v7 accepts: Bucket's
 * `serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault` or the deprecated BucketV2's
 * `serverSideEncryptionConfigurations[].rules[].applyServerSideEncryptionByDefaults[]`. Undefined when the
 * structure itself is unknown in preview.
 */
export function inlineSseDefaults(bucket: PolicyResource): SseDefault[] | undefined {
    const single = whenKnown(() => bucket.props.serverSideEncryptionConfiguration?.rule?.applyServerSideEncryptionByDefault !== undefined);
    const configs = whenKnown(() => ((bucket.props.serverSideEncryptionConfigurations ?? []) as any[]).length);
    if (single === undefined || configs === undefined) return undefined;
    const found: SseDefault[] = single ? [sseDefault(bucket.props.serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault)] : [];
    for (const c of (bucket.props.serverSideEncryptionConfigurations ?? []) as any[]) {
        for (const r of (c?.rules ?? []) as any[]) {
            for (const d of (r?.applyServerSideEncryptionByDefaults ?? []) as any[]) found.push(sseDefault(d));
        }
    }
    return found;
}

/** Inline versioning of a bucket: Bucket's `versioning.enabled` or BucketV2's `versionings[].enabled`. */
export function inlineVersioning(bucket: PolicyResource): boolean {
    return (
        whenKnown(() => bucket.props.versioning?.enabled) === true ||
        (whenKnown(() => bucket.props.versionings as any[]) ?? []).some((v) => v?.enabled === true)
    );
}

/** True when the document denies every non-TLS request to the bucket and its objects. */
export function deniesInsecureTransport(policy: unknown): boolean {
    const parsed = parseDocument(policy);
    if (!parsed.ok) return false;
    return parsed.document.statements.some((st) => {
        if (st.effect !== "Deny" || !st.anyPrincipal) return false;
        if (!st.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*")) return false;
        const insecure = st.conditions.some((c) => c.operator === "Bool" && c.key.toLowerCase() === "aws:securetransport" && c.values.some((v) => v.toLowerCase() === "false"));
        if (!insecure) return false;
        const coversObjects = st.resources.some((r) => r === "*" || r.endsWith("/*"));
        const coversBucket = st.resources.some((r) => r === "*" || (!r.includes("/") && r.startsWith("arn:")));
        return coversObjects && coversBucket;
    });
}
