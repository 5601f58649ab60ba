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
    /** Comparable rule IDs of peer tools, so users can map their existing suppressions. */
    comparable?: {
        checkov?: string[];
        cdkNag?: string[];
        trivy?: string[];
        awsguard?: string[];
    };
}
