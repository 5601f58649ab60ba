import { parsePolicyDocument, statementsOf } from "../../lib/iamDocument";
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

export const kmsKeyPolicySafe = withMetadata(resourceCheck({
    name: "kms-key-policy-safe",
    description: 'KMS key policies grant nothing to "*" without conditions and do not bypass the lockout safety check.',
    types: ["aws:kms/key:Key"],
    check: (props, report) => {
        if (props.bypassPolicyLockoutSafetyCheck === true) {
            report("bypasses the policy lockout safety check", "remove bypassPolicyLockoutSafetyCheck: the check stops a policy that locks everyone out of the key");
        }
        const doc = parsePolicyDocument(whenKnown(() => props.policy));
        for (const st of doc ? statementsOf(doc) : []) {
            if (st.effect === "Allow" && st.anyPrincipal && Object.keys(st.conditions).length === 0) {
                report(`allows ${st.actions.join(", ")} to "*" without conditions`, "name the account or service principals, or add kms:CallerAccount / kms:ViaService conditions");
            }
        }
    },
}), metadata);
