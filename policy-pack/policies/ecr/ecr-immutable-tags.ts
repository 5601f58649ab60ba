import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "ecr",
    severity: "medium",
    remediationSteps: ["Set imageTagMutability: \"IMMUTABLE\".", "Tag images with the commit they were built from."],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-2",
    frameworks: {
        fsbp: ["ECR.2"],
        nist: ["CM-2"],
    },
    comparable: {
        checkov: ["CKV_AWS_51"],
    },
    source: "seed 004 (ECR)",
};

const ECR_REPOSITORY = "aws:ecr/repository:Repository";

export const ecrImmutableTags = withMetadata(resourceCheck({
    name: "ecr-immutable-tags",
    description: "ECR repositories have immutable image tags, so a tag always names the image that was tested.",
    types: [ECR_REPOSITORY],
    check: (props, report) => {
        const mutability = props.imageTagMutability ?? "MUTABLE";
        if (!String(mutability).startsWith("IMMUTABLE")) {
            report(`has ${mutability} image tags`, 'set imageTagMutability: "IMMUTABLE" and tag images with the commit they were built from');
        }
    },
}), metadata);
