import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { namesCustomerManagedKey } from "../../lib/keyInput";

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

/**
 * ML instance families whose volumes are local NVMe instance storage, encrypted by a hardware module:
 * CreateEndpointConfig fails if a KmsKeyId is given for them. The EC2 naming rule covers most (a "d"
 * among the attribute letters after the generation: m5d, c6id, g4dn, p4d, p3dn); the rest are listed.
 */
const LOCAL_STORAGE_FAMILY = /^(?:[a-z]+\d+[a-z]*d[a-z]*|g5|g6|g6e|gr6|p5|p5e|p5en|p6-b200|trn1|trn1n|trn2)$/;

/** True for an `ml.<family>.<size>` instance type with local instance storage. */
export function hasLocalInstanceStorage(instanceType: unknown): boolean {
    const family = typeof instanceType === "string" ? instanceType.split(".")[1] : undefined;
    return !!family && LOCAL_STORAGE_FAMILY.test(family);
}

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
