import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { isSet } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "high",
    remediationSteps: ["Set defaultUserSettings.securityGroups (and domainSettings.securityGroupIds) to the Studio security group."],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/studio-notebooks-and-internet-access.html",
    frameworks: {
        nist: ["SC-7"],
    },
    source: "whitepaper L898-918",
};

const DOMAIN = "aws:sagemaker/domain:Domain";

export const domainSecurityGroups = withMetadata(resourceCheck({
    name: "sagemaker-domain-security-groups",
    description: "SageMaker Studio domains name the security groups of their apps.",
    types: [DOMAIN],
    check: (props, report) => {
        if (!isSet(() => props.defaultUserSettings?.securityGroups)) {
            report("names no security groups for its apps", "set defaultUserSettings.securityGroups (and domainSettings.securityGroupIds) to the Studio security group");
        }
    },
}), metadata);
