import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { keyInput } from "../../lib/keyInput";

const metadata: PolicyMetadata = {
    service: "sns",
    severity: "medium",
    remediationSteps: [
        "Set kmsMasterKeyId to a customer-managed KMS key ARN (alias/aws/sns cannot grant CloudWatch or EventBridge).",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#sns-1",
    frameworks: {
        nist: ["SC-28"],
    },
    comparable: {
        checkov: ["CKV_AWS_26"],
        trivy: ["AVD-AWS-0136"],
    },
    source: "seed 004 (SNS)",
};

export const snsTopicKms = withMetadata(resourceCheck({
    name: "sns-topic-kms",
    description: "SNS topics are encrypted with a customer-managed KMS key (alias/aws/sns cannot grant CloudWatch or EventBridge).",
    types: ["aws:sns/topic:Topic"],
    check: (props, report) => {
        const state = keyInput(() => props.kmsMasterKeyId);
        if (state !== "customer-managed") {
            report(state === "aws-managed" ? `is encrypted with the AWS-managed key ${props.kmsMasterKeyId}` : "is not encrypted", "set kmsMasterKeyId to a customer-managed KMS key ARN");
        }
    },
}), metadata);
