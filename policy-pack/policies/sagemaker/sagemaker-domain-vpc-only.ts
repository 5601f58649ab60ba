import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "critical",
    remediationSteps: [
        "Set appNetworkAccessType: \"VpcOnly\" with private subnets and VPC endpoints.",
        "This replaces the domain: plan the migration of home directories.",
    ],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/studio-notebooks-and-internet-access.html",
    frameworks: {
        nist: ["AC-4", "SC-7"],
    },
    source: "whitepaper L898-918",
};

const DOMAIN = "aws:sagemaker/domain:Domain";

export const domainVpcOnly = withMetadata(resourceCheck({
    name: "sagemaker-domain-vpc-only",
    description: "SageMaker Studio domains run VpcOnly, so apps reach nothing the VPC does not route.",
    types: [DOMAIN],
    check: (props, report) => {
        if (props.appNetworkAccessType !== "VpcOnly") {
            report(
                `has appNetworkAccessType ${props.appNetworkAccessType ?? "PublicInternetOnly (the default)"}`,
                'set appNetworkAccessType: "VpcOnly" with private subnets and VPC endpoints (this replaces the domain: plan the migration of home directories)',
            );
        }
    },
}), metadata);
