import { ResourceValidationPolicy } from "@pulumi/policy";
import { statementsOrFinding, trustFindings } from "../../lib/documents";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { notApplicable } from "../../lib/notApplicable";
import { forType } from "../../lib/typeFilter";
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

/**
 * A role trusts exactly one AWS service, or named principals: never any principal (`*`, `{AWS: "*"}`, or
 * NotPrincipal) without a condition limiting who or from where. Federated principals are judged by
 * iam-federated-trust-conditioned. A trust policy that cannot be parsed is a violation (fail closed).
 */
export const iamRoleTrust = withMetadata<ResourceValidationPolicy>({
    name: "iam-role-trust-scoped",
    description: "IAM role trust policies let no principal in without a condition on who, and name at most one service principal.",
    enforcementLevel: "mandatory",
    // Roles only: the SDK skips every other type without decoding it.
    validateResource: forType((args, reportViolation) => {
        if (args.type !== "aws:iam/role:Role") notApplicable(args);
        if (isUnknown(() => args.props.assumeRolePolicy)) throw skippedInPreview(`for ${describe(args)} assumeRolePolicy`);
        const parsed = statementsOrFinding(args.props.assumeRolePolicy);
        const findings = "finding" in parsed ? [parsed.finding] : trustFindings(parsed.document).filter((f) => f.rule !== "trust-federated-unconditioned");
        for (const finding of findings) {
            reportViolation(`${describe(args)} assumeRolePolicy: ${finding.problem}. Fix: ${finding.fix}.`);
        }
    }, "aws:iam/role:Role"),
}, metadata);
