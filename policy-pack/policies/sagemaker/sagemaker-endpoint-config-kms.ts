import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { namesCustomerManagedKey } from "../../lib/keyInput";
import { hasLocalInstanceStorage } from "../../lib/instanceStorage";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "high",
    remediationSteps: [
        "Set kmsKeyArn to a customer-managed key ARN, unless a variant's instance type has local NVMe storage (AWS rejects a key there).",
        "Set dataCaptureConfig.kmsKeyId when data capture is on.",
    ],
    url: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html",
    frameworks: {
        nist: ["SC-28"],
    },
    comparable: {
        checkov: ["CKV_AWS_98"],
    },
    source: "whitepaper L960-987",
};

export const endpointConfigKms = withMetadata(resourceCheck({
    name: "sagemaker-endpoint-config-kms",
    description: "SageMaker endpoint configurations encrypt their volumes (where the instance type has no local storage) and any captured data with KMS.",
    types: ["aws:sagemaker/endpointConfiguration:EndpointConfiguration"],
    check: (props, report) => {
        // AWS encrypts instance-store volumes in hardware and rejects a KmsKeyId when any variant uses one.
        const localStorage = ((props.productionVariants ?? []) as any[]).some((v) => hasLocalInstanceStorage(v?.instanceType));
        if (!localStorage && !namesCustomerManagedKey(() => props.kmsKeyArn)) report("does not encrypt its instance volumes", "set kmsKeyArn to a customer-managed key ARN");
        const capture = props.dataCaptureConfig;
        // No IAM condition key covers data capture: this check is the only preventive control.
        if (capture && capture.enableCapture !== false && !namesCustomerManagedKey(() => capture.kmsKeyId)) {
            report("captures request data without encrypting it", "set dataCaptureConfig.kmsKeyId to a customer-managed key ARN");
        }
    },
}), metadata);
