import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { namesCustomerManagedKey } from "../../lib/keyInput";

const metadata: PolicyMetadata = {
    service: "codebuild",
    severity: "medium",
    remediationSteps: ["Set encryptionKey to a customer-managed KMS key ARN."],
    url: "https://docs.aws.amazon.com/codebuild/latest/userguide/security-encryption.html",
    frameworks: {
        nist: ["SC-28"],
    },
    comparable: {
        checkov: ["CKV_AWS_147"],
        cdkNag: ["AwsSolutions-CB4"],
    },
    source: "seed 004 (CodeBuild)",
};

const CODEBUILD_PROJECT = "aws:codebuild/project:Project";

export const codebuildEncrypted = withMetadata(resourceCheck({
    name: "codebuild-encrypted",
    description: "CodeBuild projects encrypt build output with a customer-managed KMS key.",
    types: [CODEBUILD_PROJECT],
    check: (props, report) => {
        if (!namesCustomerManagedKey(() => props.encryptionKey)) {
            report("does not encrypt with a customer-managed key", "set encryptionKey to the platform KMS key ARN");
        }
    },
}), metadata);
