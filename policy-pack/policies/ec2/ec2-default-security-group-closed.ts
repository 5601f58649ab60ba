import { StackValidationPolicy } from "@pulumi/policy";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { describe, isSetByProgram, skippedInPreview } from "../../lib/values";
import { vpcsWithout } from "../../lib/vpcs";

const metadata: PolicyMetadata = {
    service: "ec2",
    severity: "medium",
    remediationSteps: [
        "Add an aws.ec2.DefaultSecurityGroup for each VPC with no ingress and no egress rules.",
        "Give workloads security groups of their own.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2",
    frameworks: {
        cis: ["5.4"],
        fsbp: ["EC2.2"],
        nist: ["AC-4", "SC-7"],
    },
    comparable: {
        checkov: ["CKV2_AWS_12"],
    },
    source: "AWS best practice",
};

/**
 * A VPC's default security group is managed and closed: AWS creates it with allow-all rules, and
 * anything launched without a group lands in it. Declaring it (aws.ec2.DefaultSecurityGroup) with no
 * rules removes them. Matched to its VPC like flow logs: by property dependency or by the VPC's id.
 */
export const defaultSecurityGroupClosed = withMetadata<StackValidationPolicy>({
    name: "ec2-default-security-group-closed",
    description: "Every VPC's default security group is managed with no rules, so nothing lands in it with access.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const groups = args.resources.filter((r) => r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        for (const g of groups) {
            // In preview, rules the program left out are unknown (the provider computes them): not rules.
            if (isSetByProgram(g, "ingress") || isSetByProgram(g, "egress")) {
                report(`${describe(g)} has rules. Fix: declare it with no ingress and no egress rules, and give workloads groups of their own.`, g.urn);
            }
        }
        const { missing, waiting } = vpcsWithout(args.resources, groups);
        for (const vpc of missing) {
            report(`${describe(vpc)} leaves its default security group unmanaged, with AWS's allow-all rules. Fix: add an aws.ec2.DefaultSecurityGroup for it with no rules.`, vpc.urn);
        }
        if (waiting.length > 0) throw skippedInPreview(`for ${waiting.map(describe).join(", ")}`);
    },
}, metadata);
