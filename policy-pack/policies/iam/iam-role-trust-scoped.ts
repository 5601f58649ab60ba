import { ResourceValidationPolicy } from "@pulumi/policy";
import { parsePolicyDocument, trustedPrincipals } from "../../lib/iamDocument";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { describe, isUnknown, skippedInPreview } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "iam",
    severity: "high",
    remediationSteps: [
        "Name the service or account principals that may assume the role, never \"*\".",
        "Create one role per service, each trusted by that service only.",
    ],
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy",
    frameworks: {
        nist: ["AC-3", "AC-6"],
    },
    comparable: {
        checkov: ["CKV_AWS_60", "CKV_AWS_61"],
    },
    source: "seed 004 (IAM)",
};

/** A role trusts exactly one AWS service, or named principals, never `*`. */
export const iamRoleTrust = withMetadata<ResourceValidationPolicy>({
    name: "iam-role-trust-scoped",
    description: "IAM role trust policies name no \"*\" principal and at most one service principal.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:iam/role:Role") args.notApplicable("applies to aws:iam/role:Role only");
        if (isUnknown(() => args.props.assumeRolePolicy)) throw skippedInPreview(`for ${describe(args)} assumeRolePolicy`);
        const doc = parsePolicyDocument(args.props.assumeRolePolicy);
        if (!doc) return;
        const trust = trustedPrincipals(doc);
        if (trust.any) {
            reportViolation(`${describe(args)} trusts any principal ("*"). Fix: name the service or account principals that may assume it in assumeRolePolicy.`);
        }
        if (trust.services.length > 1) {
            reportViolation(
                `${describe(args)} is trusted by ${trust.services.length} services (${trust.services.join(", ")}). Fix: create one role per service, each trusted by that service only.`,
            );
        }
    },
}, metadata);
