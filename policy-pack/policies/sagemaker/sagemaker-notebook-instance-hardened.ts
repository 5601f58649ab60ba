import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { isSet } from "../../lib/values";
import { namesCustomerManagedKey } from "../../lib/keyInput";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "high",
    remediationSteps: [
        "Set directInternetAccess: \"Disabled\" and rootAccess: \"Disabled\".",
        "Set kmsKeyId to a customer-managed key ARN.",
        "Set subnetId and securityGroups.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/sagemaker-controls.html#sagemaker-1",
    frameworks: {
        fsbp: ["SageMaker.1", "SageMaker.2", "SageMaker.3"],
        nist: ["AC-6", "SC-7", "SC-28"],
    },
    comparable: {
        checkov: ["CKV_AWS_122", "CKV_AWS_22", "CKV_AWS_306", "CKV_AWS_307"],
        cdkNag: ["AwsSolutions-SM1", "AwsSolutions-SM3"],
    },
    source: "whitepaper (notebooks)",
};

export const notebookInstanceHardened = withMetadata(resourceCheck({
    name: "sagemaker-notebook-instance-hardened",
    description: "SageMaker notebook instances run in a subnet, without direct internet or root access, with KMS.",
    types: ["aws:sagemaker/notebookInstance:NotebookInstance"],
    check: (props, report) => {
        if ((props.directInternetAccess ?? "Enabled") !== "Disabled") report("has direct internet access", 'set directInternetAccess: "Disabled" and reach AWS through VPC endpoints');
        if ((props.rootAccess ?? "Enabled") !== "Disabled") report("gives users root access", 'set rootAccess: "Disabled"');
        if (!namesCustomerManagedKey(() => props.kmsKeyId)) report("has an unencrypted volume", "set kmsKeyId to a customer-managed key ARN");
        if (!isSet(() => props.subnetId)) report("is not in a subnet of the platform VPC", "set subnetId and securityGroups");
    },
}), metadata);
