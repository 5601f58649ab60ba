import { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, isUnknown } from "../lib/values";

const KMS_KEY = "aws:kms/key:Key";

/** Symmetric customer-managed keys rotate their key material every year (asymmetric and HMAC keys cannot). */
export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation-enabled",
    description: "Symmetric customer-managed KMS keys have automatic key rotation enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: (args, reportViolation) => {
        if (args.type !== KMS_KEY) {
            args.notApplicable(`applies to ${KMS_KEY} only`);
        }
        if (isUnknown(() => args.props.customerMasterKeySpec) || isUnknown(() => args.props.enableKeyRotation)) return;
        const spec = args.props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT") return;
        if (args.props.enableKeyRotation !== true) {
            reportViolation(`${describe(args)} does not rotate its key material. Fix: set enableKeyRotation: true (optionally rotationPeriodInDays, 90-2560).`);
        }
    },
};

export const kmsPolicies = [kmsKeyRotation];
