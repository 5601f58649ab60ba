import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { reported, ROLE } from "../../../test/support/policySpec";

const container = { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1" };

describe("sagemaker-model-network-isolation", () => {
    it("passes isolated or in-VPC models and reports an open one", async () => {
        assert.deepEqual(
            await reported("sagemaker-model-network-isolation", () => {
                new aws.sagemaker.Model("isolated", { executionRoleArn: ROLE, primaryContainer: container, enableNetworkIsolation: true });
                new aws.sagemaker.Model("in-vpc", { executionRoleArn: ROLE, primaryContainer: container, vpcConfig: { subnets: ["subnet-1"], securityGroupIds: ["sg-1"] } });
                new aws.sagemaker.Model("open", { executionRoleArn: ROLE, primaryContainer: container });
            }),
            ["open"],
        );
    });

    it("counts a VPC config unknown in preview as set", async () => {
        const build = () => {
            const subnet = new aws.ec2.Subnet("private", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24" });
            new aws.sagemaker.Model("in-vpc", { executionRoleArn: ROLE, primaryContainer: container, vpcConfig: { subnets: [subnet.id], securityGroupIds: ["sg-1"] } });
        };
        assert.deepEqual(await reported("sagemaker-model-network-isolation", build, {}, true), []);
    });
});
