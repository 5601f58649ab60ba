import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { namesCustomerManagedKey } from "../../lib/keyInput";

const metadata: PolicyMetadata = {
    service: "logs",
    severity: "medium",
    remediationSteps: ["Set kmsKeyId to a KMS key ARN whose policy lets logs.<region>.amazonaws.com use it."],
    url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
    frameworks: {
        nist: ["AU-9", "SC-28"],
    },
    comparable: {
        checkov: ["CKV_AWS_158"],
    },
    source: "whitepaper L1083-1191",
};

export const logGroupKms = withMetadata(resourceCheck({
    name: "cloudwatch-log-group-kms",
    description: "CloudWatch log groups are encrypted with a customer-managed KMS key.",
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    check: (props, report) => {
        if (!namesCustomerManagedKey(() => props.kmsKeyId)) report("is not encrypted with a customer-managed key", "set kmsKeyId to a KMS key ARN whose policy lets logs.<region>.amazonaws.com use it");
    },
}), metadata);
