import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { namesCustomerManagedKey } from "../../lib/keyInput";

const metadata: PolicyMetadata = {
    service: "secretsmanager",
    severity: "medium",
    remediationSteps: ["Set kmsKeyId to a customer-managed KMS key ARN."],
    url: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
    frameworks: {
        nist: ["SC-28"],
    },
    comparable: {
        checkov: ["CKV_AWS_149"],
    },
    source: "seed 004 (secrets)",
};

export const secretKms = withMetadata(resourceCheck({
    name: "secretsmanager-secret-kms",
    description: "Secrets Manager secrets are encrypted with a customer-managed KMS key.",
    types: ["aws:secretsmanager/secret:Secret"],
    check: (props, report) => {
        if (!namesCustomerManagedKey(() => props.kmsKeyId)) {
            report("uses the AWS-managed key", "set kmsKeyId to a customer-managed KMS key ARN");
        }
    },
}), metadata);
