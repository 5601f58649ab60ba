import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { parsePolicyDocument, statementsOf } from "../lib/iamDocument";
import { LinkIndex } from "../lib/links";
import { describe, isUnknown, skippedInPreview, whenKnown } from "../lib/values";

/**
 * S3 bucket guardrails. In @pulumi/aws v7 a bucket's encryption, versioning, public access block and
 * policy are separate resources, so these are stack policies: each bucket is judged together with the
 * configuration resources linked to it (propertyDependencies.bucket), and inline settings on the bucket
 * are accepted too. A check whose value is unknown during preview is skipped for that bucket only.
 */

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const SSE = ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"];
const VERSIONING = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];
const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/** Verdict of one check on one bucket: compliant, violating (with the problem), or unknown in preview. */
type Verdict = { ok: true } | { ok: false; problem: string } | { unknown: true };

function bucketStackPolicy(
    name: string,
    description: string,
    severity: StackValidationPolicy["severity"],
    configTypes: string[],
    check: (bucket: PolicyResource, links: LinkIndex, all: PolicyResource[]) => Verdict,
    remediation: string,
): StackValidationPolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        severity,
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

function linkedOf(bucket: PolicyResource, links: LinkIndex, types: string[]): PolicyResource[] {
    return types.flatMap((t) => links.linked(bucket, t));
}

function isKmsAlgorithm(value: unknown): boolean {
    return value === "aws:kms" || value === "aws:kms:dsse";
}

/**
 * Inline default-encryption algorithms of a bucket, in either shape @pulumi/aws v7 accepts:
 * Bucket's `serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault` or the deprecated
 * BucketV2's `serverSideEncryptionConfigurations[].rules[].applyServerSideEncryptionByDefaults[]`.
 */
function inlineSseAlgorithms(bucket: PolicyResource): unknown[] | undefined {
    return whenKnown(() => [
        bucket.props.serverSideEncryptionConfiguration?.rule?.applyServerSideEncryptionByDefault?.sseAlgorithm,
        ...((bucket.props.serverSideEncryptionConfigurations ?? []) as any[]).flatMap((c) =>
            ((c?.rules ?? []) as any[]).flatMap((r) => ((r?.applyServerSideEncryptionByDefaults ?? []) as any[]).map((d) => d?.sseAlgorithm)),
        ),
    ]);
}

/** Inline versioning of a bucket: Bucket's `versioning.enabled` or BucketV2's `versionings[].enabled`. */
function inlineVersioning(bucket: PolicyResource): boolean {
    return (
        whenKnown(() => bucket.props.versioning?.enabled) === true ||
        (whenKnown(() => bucket.props.versionings as any[]) ?? []).some((v) => v?.enabled === true)
    );
}

export const s3BucketSseKms = bucketStackPolicy(
    "s3-bucket-sse-kms",
    "S3 buckets are encrypted by default with SSE-KMS (a KMS key, not SSE-S3).",
    "high",
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
);

export const s3BucketVersioning = bucketStackPolicy(
    "s3-bucket-versioning",
    "S3 buckets keep object versions, so overwritten or deleted data can be recovered.",
    "medium",
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
);

export const s3BucketPublicAccessBlock = bucketStackPolicy(
    "s3-bucket-public-access-block",
    "S3 buckets block public access with all four public access block settings.",
    "critical",
    [PUBLIC_ACCESS_BLOCK],
    (bucket, links, all) => {
        const allOn = (r: PolicyResource): boolean | undefined =>
            PAB_FLAGS.some((f) => isUnknown(() => r.props[f])) ? undefined : PAB_FLAGS.every((f) => r.props[f] === true);
        // An account-wide block in the same stack covers every bucket of the account.
        if (all.some((r) => r.type === ACCOUNT_PUBLIC_ACCESS_BLOCK && allOn(r) === true)) return { ok: true };
        const blocks = links.linked(bucket, PUBLIC_ACCESS_BLOCK);
        const verdicts = blocks.map(allOn);
        if (verdicts.includes(true)) return { ok: true };
        if (verdicts.includes(undefined)) return { unknown: true };
        if (blocks.length === 0) return { ok: false, problem: "has no public access block" };
        const off = PAB_FLAGS.filter((f) => blocks.every((b) => whenKnown(() => b.props[f]) !== true));
        return { ok: false, problem: `has a public access block with ${off.join(", ")} not set to true` };
    },
    "add an aws.s3.BucketPublicAccessBlock for it with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true",
);

/** True when the document denies every non-TLS request to the bucket and its objects. */
export function deniesInsecureTransport(policy: unknown): boolean {
    const doc = parsePolicyDocument(policy);
    if (!doc) return false;
    return statementsOf(doc).some((st) => {
        if (st.effect !== "Deny" || !st.anyPrincipal) return false;
        if (!st.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*")) return false;
        const secure = st.conditions.Bool?.["aws:SecureTransport"] ?? st.conditions.Bool?.["aws:securetransport"];
        if (!secure || !secure.map((v) => String(v).toLowerCase()).includes("false")) return false;
        const coversObjects = st.resources.some((r) => r === "*" || r.endsWith("/*"));
        const coversBucket = st.resources.some((r) => r === "*" || (!r.includes("/") && r.startsWith("arn:")));
        return coversObjects && coversBucket;
    });
}

export const s3BucketTlsOnly = bucketStackPolicy(
    "s3-bucket-tls-only",
    "S3 bucket policies deny every request not sent over TLS (aws:SecureTransport).",
    "high",
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
);

export const s3BucketKey = bucketStackPolicy(
    "s3-bucket-key-enabled",
    "S3 buckets with SSE-KMS use a bucket key, cutting KMS requests and their cost.",
    "low",
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
);

export const s3BucketAclsDisabled = bucketStackPolicy(
    "s3-bucket-acls-disabled",
    "S3 buckets disable ACLs (object ownership BucketOwnerEnforced), so access is decided by policies alone.",
    "medium",
    ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
    (bucket, links) => {
        const controls = links.linked(bucket, "aws:s3/bucketOwnershipControls:BucketOwnershipControls");
        if (controls.some((c) => isUnknown(() => c.props.rule))) return { unknown: true };
        if (controls.some((c) => c.props.rule?.objectOwnership === "BucketOwnerEnforced")) return { ok: true };
        return { ok: false, problem: controls.length ? "keeps ACLs enabled" : "has no ownership controls (ACLs enabled)" };
    },
    'add an aws.s3.BucketOwnershipControls for it with rule: { objectOwnership: "BucketOwnerEnforced" }',
);

/** True when the document allows anything to "*" (any AWS principal) without conditions. */
export function allowsAnyone(policy: unknown): boolean {
    const doc = parsePolicyDocument(policy);
    return !!doc && statementsOf(doc).some((st) => st.effect === "Allow" && st.anyPrincipal && Object.keys(st.conditions).length === 0);
}

export const s3BucketNoPublicPolicy = bucketStackPolicy(
    "s3-bucket-no-public-policy",
    'S3 bucket policies allow nothing to "*" without conditions.',
    "critical",
    [BUCKET_POLICY],
    (bucket, links) => {
        const texts = [whenKnown(() => bucket.props.policy), ...links.linked(bucket, BUCKET_POLICY).map((p) => whenKnown(() => p.props.policy))];
        if (texts.some((t) => allowsAnyone(t))) return { ok: false, problem: 'has a policy that allows "*" without conditions' };
        return { ok: true };
    },
    'name the principals (accounts, roles) in the Allow statements, or add conditions such as aws:PrincipalOrgID',
);

export const s3BucketLifecycle = bucketStackPolicy(
    "s3-bucket-lifecycle",
    "S3 buckets have lifecycle rules (at least aborting incomplete multipart uploads).",
    "low",
    ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"],
    (bucket, links) => {
        const inline = whenKnown(() => bucket.props.lifecycleRules as any[]) ?? [];
        const linked = ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"].flatMap((t) => links.linked(bucket, t));
        return inline.length > 0 || linked.length > 0 ? { ok: true } : { ok: false, problem: "has no lifecycle rules" };
    },
    "add an aws.s3.BucketLifecycleConfiguration with abortIncompleteMultipartUpload and noncurrentVersionExpiration rules",
);

export const s3Policies = [s3BucketSseKms, s3BucketVersioning, s3BucketPublicAccessBlock, s3BucketTlsOnly, s3BucketKey, s3BucketAclsDisabled, s3BucketNoPublicPolicy, s3BucketLifecycle];
