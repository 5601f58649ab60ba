import { PolicyMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

export const metadata: PolicyMetadata = {
    service: "ec2",
    severity: "high",
    remediationSteps: [
        'Set metadataOptions: { httpTokens: "required" } on the instance, launch template or launch configuration (or httpEndpoint: "disabled" when nothing reads instance metadata).',
        "Update SDKs and agents on the image to versions that use IMDSv2 session tokens.",
    ],
    url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html",
    frameworks: { cis: ["5.6"], fsbp: ["EC2.8"], nist: ["AC-3", "AC-6"] },
    comparable: { checkov: ["CKV_AWS_79"], trivy: ["AVD-AWS-0028"] },
};

/** Every way to launch an instance with metadata options: the instance itself and the templates it comes from. */
const TYPES = [
    "aws:ec2/instance:Instance",
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
    "aws:ec2/launchConfiguration:LaunchConfiguration",
];

/**
 * Instances answer metadata requests only with an IMDSv2 session token (or not at all), so a server-side
 * request forgery cannot read the instance role's credentials. The AWS default depends on the AMI, so the
 * setting must be explicit.
 */
export const ec2Imdsv2Required = resourceCheck({
    name: "ec2-imdsv2-required",
    description: "EC2 instances, launch templates and launch configurations require IMDSv2 session tokens (or disable the metadata endpoint).",
    severity: metadata.severity,
    types: TYPES,
    metadata,
    check: (props, report) => {
        const options = props.metadataOptions;
        if (options?.httpEndpoint === "disabled") return;
        if (options?.httpTokens !== "required") {
            report(
                options?.httpTokens === "optional" ? "accepts IMDSv1 requests (httpTokens optional)" : "does not require IMDSv2 (metadataOptions.httpTokens is not set, so the AMI decides)",
                'set metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 }',
            );
        }
    },
});
