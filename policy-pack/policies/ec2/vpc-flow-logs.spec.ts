import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, violationsOf } from "../../../test/harness";
import { reported } from "../../../test/support/policySpec";

const flowLog = { trafficType: "ALL", logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:x", iamRoleArn: "arn:aws:iam::123456789012:role/r" };

describe("vpc-flow-logs", () => {
    it("links flow logs to their VPC", async () => {
        const found = await reported("vpc-flow-logs", () => {
            const logged = new aws.ec2.Vpc("logged", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.Vpc("silent", { cidrBlock: "10.1.0.0/16" });
            new aws.ec2.FlowLog("logged", { vpcId: logged.id, ...flowLog });
        });
        assert.deepEqual(found, ["silent"]);
        assert.deepEqual(await reported("vpc-flow-logs", () => {
            const v = new aws.ec2.Vpc("only", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.FlowLog("only", { vpcId: v.id, ...flowLog });
        }), []);
    });

    it("matches a flow log to a VPC by the id in the VPC's ARN, as for awsx's VPC", async () => {
        const run = await inlineRun(() => {
            // Stand-ins for a component's VPC: the flow log names it only by its id.
            new aws.ec2.Vpc("inside-component", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.FlowLog("by-id", { vpcId: "vpc-inside-component", ...flowLog });
        });
        assert.deepEqual(await violationsOf(run, "vpc-flow-logs"), []);
        const unlogged = await inlineRun(() => new aws.ec2.Vpc("alone", { cidrBlock: "10.0.0.0/16" }));
        assert.equal((await violationsOf(unlogged, "vpc-flow-logs")).length, 1);
    });

    it("does not let a subnet flow log excuse a VPC without one", async () => {
        const run = await inlineRun(() => {
            new aws.ec2.Vpc("bare", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.FlowLog("subnet-only", { subnetId: "subnet-1", ...flowLog });
        });
        assert.deepEqual((await violationsOf(run, "vpc-flow-logs")).map((v) => v.split(":")[0]), ["bare"]);
    });

    it("links by property dependency in preview, when the VPC id is unknown", async () => {
        const build = () => {
            const v = new aws.ec2.Vpc("only", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.FlowLog("only", { vpcId: v.id, ...flowLog });
        };
        assert.deepEqual(await reported("vpc-flow-logs", build, {}, true), []);
    });
});
