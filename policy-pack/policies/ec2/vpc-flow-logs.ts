import { StackValidationPolicy } from "@pulumi/policy";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { describe, skippedInPreview } from "../../lib/values";
import { vpcsWithout } from "../../lib/vpcs";

const metadata: PolicyMetadata = {
    service: "ec2",
    severity: "medium",
    remediationSteps: ["Add an aws.ec2.FlowLog with vpcId, trafficType \"ALL\" and an encrypted log group as destination."],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6",
    frameworks: {
        cis: ["3.7"],
        nist: ["AU-12", "SI-4"],
    },
    comparable: {
        checkov: ["CKV2_AWS_11"],
        trivy: ["AVD-AWS-0178"],
    },
    source: "seed 002 (analyse events)",
};

/**
 * VPCs of the stack record their traffic: each has a flow log. A flow log is matched to its VPC through
 * the `vpcId` property dependency, or by the id at the end of the VPC's ARN (a VPC created inside a
 * component, such as awsx's, is known to the flow log only by its id).
 */
export const vpcFlowLogs = withMetadata<StackValidationPolicy>({
    name: "vpc-flow-logs",
    description: "Every VPC of the stack records its traffic in a flow log.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const { missing, waiting } = vpcsWithout(args.resources, args.resources.filter((r) => r.type === "aws:ec2/flowLog:FlowLog"));
        for (const vpc of missing) {
            report(`${describe(vpc)} has no flow log. Fix: add an aws.ec2.FlowLog with vpcId, trafficType "ALL" and an encrypted log group.`, vpc.urn);
        }
        if (waiting.length > 0) throw skippedInPreview(`for ${waiting.map(describe).join(", ")}`);
    },
}, metadata);
