import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { namesCustomerManagedKey } from "../../lib/keyInput";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "high",
    remediationSteps: ["Set kmsKeyId to a customer-managed key ARN (fixed at creation: this replaces the domain)."],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest-studio.html",
    frameworks: {
        nist: ["SC-28"],
    },
    comparable: {
        checkov: ["CKV_AWS_187"],
    },
    source: "whitepaper L1019-1044",
};

const DOMAIN = "aws:sagemaker/domain:Domain";

export const domainKms = withMetadata(resourceCheck({
    name: "sagemaker-domain-kms",
    description: "SageMaker Studio domains encrypt their home EFS and app volumes with a customer-managed KMS key.",
    types: [DOMAIN],
    check: (props, report) => {
        if (!namesCustomerManagedKey(() => props.kmsKeyId)) report("has no customer-managed KMS key for its EFS and EBS volumes", "set kmsKeyId to a customer-managed key ARN (fixed at creation: this replaces the domain)");
    },
}), metadata);
