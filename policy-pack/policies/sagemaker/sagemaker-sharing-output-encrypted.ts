import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { namesCustomerManagedKey } from "../../lib/keyInput";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "high",
    remediationSteps: ["Set sharingSettings.s3KmsKeyId to a KMS key ARN, or notebookOutputOption: \"Disabled\"."],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/notebooks-sharing.html",
    frameworks: {
        nist: ["SC-28"],
    },
    source: "whitepaper L1046-1070",
};

const DOMAIN = "aws:sagemaker/domain:Domain";

const USER_PROFILE = "aws:sagemaker/userProfile:UserProfile";

export const domainSharingEncrypted = withMetadata(resourceCheck({
    name: "sagemaker-sharing-output-encrypted",
    description: "When Studio notebook sharing is allowed, the shared output is encrypted with a KMS key.",
    types: [DOMAIN, USER_PROFILE],
    check: (props, report) => {
        const settings = props.defaultUserSettings ?? props.userSettings;
        const sharing = settings?.sharingSettings;
        if (sharing?.notebookOutputOption === "Allowed" && !namesCustomerManagedKey(() => sharing.s3KmsKeyId)) {
            report("allows notebook sharing without encrypting the shared output", 'set sharingSettings.s3KmsKeyId to a KMS key ARN, or notebookOutputOption: "Disabled"');
        }
    },
}), metadata);
