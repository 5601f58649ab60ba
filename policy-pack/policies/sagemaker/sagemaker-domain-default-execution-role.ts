import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { isSet } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "medium",
    remediationSteps: ["Set defaultUserSettings.executionRole to a persona execution role ARN."],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html",
    frameworks: {
        nist: ["AC-6"],
    },
    source: "whitepaper L488-494",
};

const DOMAIN = "aws:sagemaker/domain:Domain";

export const domainDefaultExecutionRole = withMetadata(resourceCheck({
    name: "sagemaker-domain-default-execution-role",
    description: "SageMaker Studio domains set a default execution role, so no profile runs without one.",
    types: [DOMAIN],
    check: (props, report) => {
        if (!isSet(() => props.defaultUserSettings?.executionRole)) report("has no default execution role", "set defaultUserSettings.executionRole to a persona execution role ARN");
    },
}), metadata);
