import { judge } from "../../lib/documents";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "kms",
    severity: "high",
    remediationSteps: [
        "Name the account or service principals in the key policy, or add kms:CallerAccount / kms:ViaService conditions.",
        "Remove bypassPolicyLockoutSafetyCheck.",
    ],
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html",
    frameworks: {
        nist: ["AC-3", "AC-6"],
    },
    comparable: {
        checkov: ["CKV_AWS_33"],
    },
    source: "seed 004 (KMS)",
};

/**
 * A key policy must not let any principal (`*`, `{AWS: "*"}`, NotPrincipal) use the key without a condition
 * on who or from where (kms:CallerAccount, aws:PrincipalOrgID, ...); a policy that cannot be parsed is
 * reported (fail closed). A policy unknown in preview is judged at update.
 */
export const kmsKeyPolicySafe = withMetadata(resourceCheck({
    name: "kms-key-policy-safe",
    description: "KMS key policies grant nothing to any principal without a condition on who or from where, and do not bypass the lockout safety check.",
    types: ["aws:kms/key:Key"],
    check: (props, report) => {
        if (props.bypassPolicyLockoutSafetyCheck === true) {
            report("bypasses the policy lockout safety check", "remove bypassPolicyLockoutSafetyCheck: the check stops a policy that locks everyone out of the key");
        }
        const policy = whenKnown(() => props.policy);
        if (policy === undefined || policy === null || policy === "") return; // the default key policy: this account only
        for (const finding of judge(policy, "resource")) {
            if (finding.rule !== "public" && finding.rule !== "unparseable") continue;
            report(`policy: ${finding.problem}`, finding.rule === "public" ? "name the account or service principals, or add kms:CallerAccount / aws:PrincipalOrgID conditions" : finding.fix);
        }
    },
}), metadata);
