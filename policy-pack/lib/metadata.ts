import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

/**
 * What a platform or security team needs to know about a policy besides its check, kept in code beside the
 * check (as pulumi/compliance-policies does) so the README table, pack-config selection and reports are
 * generated from one place.
 */
export interface PolicyMetadata {
    /** AWS service the policy judges, lower case as in IAM action prefixes: "s3", "iam", "sagemaker", "account". */
    service: string;
    severity: "low" | "medium" | "high" | "critical";
    /** Ordered steps a user follows to become compliant. */
    remediationSteps: string[];
    /** The AWS documentation (or standard) the rule follows. */
    url: string;
    /** Control IDs of the frameworks the policy supports, where they map. */
    frameworks: {
        /** CIS AWS Foundations Benchmark v3.0 recommendation numbers, e.g. "2.1.1". */
        cis?: string[];
        /** AWS Foundational Security Best Practices control IDs, e.g. "S3.8". */
        fsbp?: string[];
        /** NIST SP 800-53 rev. 5 controls, e.g. "SC-28". */
        nist?: string[];
    };
    /** Where the guardrail comes from (seed, whitepaper lines, issue), for the coverage table. */
    source?: string;
    /** Comparable rule IDs of peer tools, so users can map their existing suppressions. */
    comparable?: {
        checkov?: string[];
        cdkNag?: string[];
        trivy?: string[];
        awsguard?: string[];
    };
}

/** A policy of the pack with its metadata attached. */
export type GuardrailPolicy<P extends ResourceValidationPolicy | StackValidationPolicy = ResourceValidationPolicy | StackValidationPolicy> = P & { metadata: PolicyMetadata };

/** Framework names as the engine's policy `tags` carry them, e.g. "fsbp:S3.8". */
export function metadataTags(metadata: PolicyMetadata): string[] {
    const fw = metadata.frameworks;
    return [`service:${metadata.service}`, `severity:${metadata.severity}`, ...(fw.cis ?? []).map((id) => `cis:${id}`), ...(fw.fsbp ?? []).map((id) => `fsbp:${id}`), ...(fw.nist ?? []).map((id) => `nist:${id}`)];
}

/**
 * Attaches metadata to a policy. The metadata is the one source of the policy's severity; its remediation
 * steps, URL and framework tags are also given to the engine (@pulumi/policy sends them with the policy's
 * info, and the Pulumi Cloud shows them).
 */
export function withMetadata<P extends ResourceValidationPolicy | StackValidationPolicy>(policy: P, metadata: PolicyMetadata): GuardrailPolicy<P> {
    return {
        ...policy,
        severity: metadata.severity,
        remediationSteps: metadata.remediationSteps.map((step, i) => `${i + 1}. ${step}`).join("\n"),
        url: metadata.url,
        tags: metadataTags(metadata),
        metadata,
    } as unknown as GuardrailPolicy<P>;
}
