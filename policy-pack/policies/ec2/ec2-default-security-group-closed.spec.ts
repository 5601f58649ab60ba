import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, violationsOf } from "../../../test/harness";
import { reported } from "../../../test/support/policySpec";

describe("ec2-default-security-group-closed", () => {
    it("reports a default group with rules and passes a closed one", async () => {
        assert.deepEqual(
            await reported("ec2-default-security-group-closed", () => {
                new aws.ec2.DefaultSecurityGroup("closed", { vpcId: "vpc-1" });
                new aws.ec2.DefaultSecurityGroup("open", { vpcId: "vpc-2", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
            }),
            ["open"],
        );
    });

    it("reports a VPC whose default group is unmanaged, and passes a managed one", async () => {
        const run = await inlineRun(() => new aws.ec2.Vpc("bare", { cidrBlock: "10.0.0.0/16" }));
        const sg = await violationsOf(run, "ec2-default-security-group-closed");
        assert.equal(sg.length, 1);
        assert.match(sg[0], /Vpc "bare" leaves its default security group unmanaged/);
        const managed = await inlineRun(() => {
            const vpc = new aws.ec2.Vpc("managed", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.DefaultSecurityGroup("managed", { vpcId: vpc.id });
        });
        assert.deepEqual(await violationsOf(managed, "ec2-default-security-group-closed"), []);
    });

    it("links a managed group by property dependency in preview, when the VPC id is unknown", async () => {
        const build = () => {
            const vpc = new aws.ec2.Vpc("managed", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.DefaultSecurityGroup("managed", { vpcId: vpc.id });
        };
        assert.deepEqual(await reported("ec2-default-security-group-closed", build, {}, true), []);
    });
});
