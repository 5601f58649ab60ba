import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inPreview, findings, reported } from "../../../test/support/policySpec";

const POLICY = "ec2-imdsv2-required";

describe(POLICY, () => {
    it("accepts instances and templates that require tokens or disable the endpoint", async () => {
        const found = await reported(POLICY, () => {
            new aws.ec2.Instance("v2", { ami: "ami-1", instanceType: "t3.micro", metadataOptions: { httpTokens: "required" } });
            new aws.ec2.Instance("off", { ami: "ami-1", instanceType: "t3.micro", metadataOptions: { httpEndpoint: "disabled" } });
            new aws.ec2.LaunchTemplate("v2", { metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" } });
        });
        assert.deepEqual(found, []);
    });

    it("reports IMDSv1 allowed or left to the AMI, on every way to launch", async () => {
        const found = await findings(POLICY, () => {
            new aws.ec2.Instance("optional", { ami: "ami-1", instanceType: "t3.micro", metadataOptions: { httpTokens: "optional" } });
            new aws.ec2.Instance("unset", { ami: "ami-1", instanceType: "t3.micro" });
            new aws.ec2.LaunchTemplate("unset", {});
            new aws.ec2.LaunchConfiguration("unset", { imageId: "ami-1", instanceType: "t3.micro" });
        });
        assert.equal(found.length, 4, found.join("\n"));
        assert.match(found.join("\n"), /optional: Instance "optional" accepts IMDSv1 requests \(httpTokens optional\)\. Fix: set metadataOptions: \{ httpTokens: "required"/);
        assert.match(found.join("\n"), /unset: LaunchTemplate "unset" does not require IMDSv2/);
    });

    it("skips, and says so, metadata options unknown in preview", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.Instance("later", { ami: "ami-1", instanceType: "t3.micro", metadataOptions: { httpTokens: vpc.id.apply(() => "required") } });
        });
        assert.deepEqual(violations, []);
        assert.equal(skips.length, 1, skips.join("\n"));
    });
});
