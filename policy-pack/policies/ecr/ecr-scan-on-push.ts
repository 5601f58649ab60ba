import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "ecr",
    severity: "medium",
    remediationSteps: ["Set imageScanningConfiguration: { scanOnPush: true } on the repository."],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-1",
    frameworks: {
        fsbp: ["ECR.1"],
        nist: ["RA-5"],
    },
    comparable: {
        checkov: ["CKV_AWS_163"],
    },
    source: "seed 000",
};

const ECR_REPOSITORY = "aws:ecr/repository:Repository";

export const ecrScanOnPush = withMetadata(resourceCheck({
    name: "ecr-scan-on-push",
    description: "ECR repositories scan images for vulnerabilities on push.",
    types: [ECR_REPOSITORY],
    check: (props, report) => {
        if (props.imageScanningConfiguration?.scanOnPush !== true) {
            report("does not scan images on push", "set imageScanningConfiguration: { scanOnPush: true }");
        }
    },
}), metadata);
