import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "kms",
    severity: "medium",
    remediationSteps: ["Set enableKeyRotation: true on the symmetric key (optionally rotationPeriodInDays, 90-2560)."],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4",
    frameworks: {
        cis: ["3.6"],
        nist: ["SC-12"],
    },
    comparable: {
        checkov: ["CKV_AWS_7"],
        cdkNag: ["AwsSolutions-KMS5"],
        trivy: ["AVD-AWS-0065"],
    },
    source: "seed 004 (KMS)",
};

/** Symmetric customer-managed keys rotate their key material every year (asymmetric and HMAC keys cannot). */
export const kmsKeyRotation = withMetadata(resourceCheck({
    name: "kms-key-rotation-enabled",
    description: "Symmetric customer-managed KMS keys have automatic key rotation enabled.",
    types: ["aws:kms/key:Key"],
    check: (props, report) => {
        if ((props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") !== "SYMMETRIC_DEFAULT") return;
        if (props.enableKeyRotation !== true) {
            report("does not rotate its key material", "set enableKeyRotation: true (optionally rotationPeriodInDays, 90-2560)");
        }
    },
}), metadata);
