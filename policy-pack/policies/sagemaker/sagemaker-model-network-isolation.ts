import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { isSet } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "medium",
    remediationSteps: ["Set enableNetworkIsolation: true, or vpcConfig with private subnets."],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/mkt-algo-model-internet-free.html",
    frameworks: {
        nist: ["SC-7"],
    },
    comparable: {
        checkov: ["CKV_AWS_370"],
    },
    source: "whitepaper L874-876",
};

export const modelIsolated = withMetadata(resourceCheck({
    name: "sagemaker-model-network-isolation",
    description: "SageMaker models run with network isolation or inside a VPC.",
    types: ["aws:sagemaker/model:Model"],
    check: (props, report) => {
        if (props.enableNetworkIsolation !== true && !isSet(() => props.vpcConfig)) {
            report("can reach the internet from its containers", "set enableNetworkIsolation: true, or vpcConfig with private subnets");
        }
    },
}), metadata);
