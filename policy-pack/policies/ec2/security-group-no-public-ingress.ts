import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "ec2",
    severity: "critical",
    remediationSteps: [
        "Allow only named security groups or your own CIDR ranges.",
        "Reach the workload through a load balancer or VPC endpoint.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18",
    frameworks: {
        cis: ["5.2", "5.3"],
        fsbp: ["EC2.18", "EC2.19"],
        nist: ["AC-4", "SC-7"],
    },
    comparable: {
        checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260"],
        trivy: ["AVD-AWS-0107"],
    },
    source: "seed 002, whitepaper network",
};

const OPEN = ["0.0.0.0/0", "::/0"];

export const securityGroupNoPublicIngress = withMetadata(resourceCheck({
    name: "security-group-no-public-ingress",
    description: "No security group accepts traffic from 0.0.0.0/0 or ::/0.",
    types: ["aws:ec2/securityGroup:SecurityGroup", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ec2/securityGroupRule:SecurityGroupRule"],
    check: (props, report, args) => {
        const fix = "allow only named security groups or your own CIDR ranges, and reach the workload through a load balancer or VPC endpoint";
        if (args.type === "aws:ec2/securityGroup:SecurityGroup") {
            for (const rule of (props.ingress ?? []) as any[]) {
                const open = [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])].filter((c: string) => OPEN.includes(c));
                if (open.length) report(`accepts ports ${rule.fromPort}-${rule.toPort} from ${open.join(", ")}`, fix);
            }
        } else if (args.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
            const open = [props.cidrIpv4, props.cidrIpv6].filter((c) => OPEN.includes(c));
            if (open.length) report(`accepts ports ${props.fromPort ?? "all"}-${props.toPort ?? "all"} from ${open.join(", ")}`, fix);
        } else if (props.type === "ingress") {
            const open = [...(props.cidrBlocks ?? []), ...(props.ipv6CidrBlocks ?? [])].filter((c: string) => OPEN.includes(c));
            if (open.length) report(`accepts ports ${props.fromPort}-${props.toPort} from ${open.join(", ")}`, fix);
        }
    },
}), metadata);
