import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { reported } from "../../../test/support/policySpec";

describe("security-group-no-public-ingress", () => {
    const build = () => {
        const sg = new aws.ec2.SecurityGroup("private", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }] });
        new aws.ec2.SecurityGroup("open-inline", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] });
        new aws.vpc.SecurityGroupIngressRule("open-rule", { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" });
        new aws.vpc.SecurityGroupIngressRule("from-group", { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: "sg-2" });
        new aws.ec2.SecurityGroupRule("legacy", { type: "ingress", securityGroupId: sg.id, protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] });
        new aws.ec2.SecurityGroupRule("egress", { type: "egress", securityGroupId: sg.id, protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] });
    };

    it("covers inline rules, rule resources and legacy rules", async () => {
        assert.deepEqual(await reported("security-group-no-public-ingress", build), ["legacy", "open-inline", "open-rule"]);
    });

    it("judges the same in preview: CIDRs are known while group ids are not", async () => {
        assert.deepEqual(await reported("security-group-no-public-ingress", build, {}, true), ["legacy", "open-inline", "open-rule"]);
    });
});
