import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { namesCustomerManagedKey } from "../../lib/keyInput";

const metadata: PolicyMetadata = {
    service: "elasticfilesystem",
    severity: "high",
    remediationSteps: ["Create the file system with encrypted: true and kmsKeyId a customer-managed key ARN (fixed at creation)."],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-1",
    frameworks: {
        cis: ["2.4.1"],
        fsbp: ["EFS.1"],
        nist: ["SC-28"],
    },
    comparable: {
        checkov: ["CKV_AWS_42", "CKV_AWS_184"],
        awsguard: ["efs-encrypted"],
    },
    source: "whitepaper L1019-1044",
};

export const efsEncrypted = withMetadata(resourceCheck({
    name: "efs-encrypted",
    description: "EFS file systems are encrypted at rest, with a customer-managed key.",
    types: ["aws:efs/fileSystem:FileSystem"],
    check: (props, report) => {
        if (props.encrypted !== true) report("is not encrypted at rest", "set encrypted: true and kmsKeyId (fixed at creation)");
        else if (!namesCustomerManagedKey(() => props.kmsKeyId)) report("uses the AWS-managed EFS key", "set kmsKeyId to a customer-managed key ARN");
    },
}), metadata);
