import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, KEY, previewKey, reported, ROLE } from "../../../test/support/policySpec";

describe("sagemaker-notebook-instance-hardened", () => {
    it("reports each default that is not hardened", async () => {
        const found = await findings("sagemaker-notebook-instance-hardened", () => {
            new aws.sagemaker.NotebookInstance("ok", { roleArn: ROLE, instanceType: "ml.t3.medium", directInternetAccess: "Disabled", rootAccess: "Disabled", kmsKeyId: KEY, subnetId: "subnet-1", securityGroups: ["sg-1"] });
            new aws.sagemaker.NotebookInstance("defaults", { roleArn: ROLE, instanceType: "ml.t3.medium" });
        });
        assert.equal(found.length, 4);
        assert.ok(found.every((f) => f.startsWith("defaults:")));
    });

    it("counts a key and subnet unknown in preview as set", async () => {
        const build = () => {
            const subnet = new aws.ec2.Subnet("private", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24" });
            new aws.sagemaker.NotebookInstance("ok", { roleArn: ROLE, instanceType: "ml.t3.medium", directInternetAccess: "Disabled", rootAccess: "Disabled", kmsKeyId: previewKey(), subnetId: subnet.id, securityGroups: ["sg-1"] });
        };
        assert.deepEqual(await reported("sagemaker-notebook-instance-hardened", build, {}, true), []);
    });
});
