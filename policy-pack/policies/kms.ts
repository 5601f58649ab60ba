import { resourceCheck } from "../lib/resourceCheck";

/** Symmetric customer-managed keys rotate their key material every year (asymmetric and HMAC keys cannot). */
export const kmsKeyRotation = resourceCheck({
    name: "kms-key-rotation-enabled",
    description: "Symmetric customer-managed KMS keys have automatic key rotation enabled.",
    severity: "medium",
    types: ["aws:kms/key:Key"],
    check: (props, report) => {
        if ((props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") !== "SYMMETRIC_DEFAULT") return;
        if (props.enableKeyRotation !== true) {
            report("does not rotate its key material", "set enableKeyRotation: true (optionally rotationPeriodInDays, 90-2560)");
        }
    },
});

export const kmsPolicies = [kmsKeyRotation];
