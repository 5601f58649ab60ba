import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { namesCustomerManagedKey } from "../../lib/keyInput";

const metadata: PolicyMetadata = {
    service: "sqs",
    severity: "medium",
    remediationSteps: ["Set kmsMasterKeyId to a customer-managed KMS key ARN (not SQS-managed encryption)."],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1",
    frameworks: {
        fsbp: ["SQS.1"],
        nist: ["SC-28"],
    },
    comparable: {
        checkov: ["CKV_AWS_27", "CKV2_AWS_73"],
    },
    source: "seed 004 (EventBridge DLQs)",
};

export const sqsQueueKms = withMetadata(resourceCheck({
    name: "sqs-queue-kms",
    description: "SQS queues are encrypted with a customer-managed KMS key.",
    types: ["aws:sqs/queue:Queue"],
    check: (props, report) => {
        if (!namesCustomerManagedKey(() => props.kmsMasterKeyId)) {
            report(props.sqsManagedSseEnabled ? "uses SQS-managed encryption" : "is not encrypted with a customer-managed key", "set kmsMasterKeyId to a customer-managed key ARN");
        }
    },
}), metadata);
