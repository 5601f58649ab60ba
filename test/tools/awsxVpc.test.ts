import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as awsxEc2 from "@pulumi/awsx/ec2";
import * as awsxLb from "@pulumi/awsx/lb";
import * as pulumi from "@pulumi/pulumi";
import { ProgramRun } from "../../tools/offline/runProgram";
import { inlineRun, ofType, stackRun, violations } from "../harness";

/**
 * awsx:ec2:Vpc is a remote component: in a real run awsx creates its children and the engine analyses
 * them (pulumi/pulumi-awsx awsx/ec2/vpc.ts Vpc.initialize); the offline plan reproduces them. Children
 * use the providers the component inherits from its parent components (pulumi/pulumi source_eval.go).
 */

const TAGS = { project: "p", environment: "dev", owner: "o", "cost-center": "cc" };

class Network extends pulumi.ComponentResource {
    readonly vpc: awsxEc2.Vpc;
    constructor(name: string, args: { flowLog: boolean; defaultSg: boolean; nat?: "None" | "Single" | "OnePerAz" }, opts: pulumi.ComponentResourceOptions) {
        super("test:index:Network", name, {}, opts);
        this.vpc = new awsxEc2.Vpc(`${name}-vpc`, { cidrBlock: "10.0.0.0/16", natGateways: { strategy: args.nat ?? "OnePerAz" } }, { parent: this });
        if (args.defaultSg) new aws.ec2.DefaultSecurityGroup(`${name}-default`, { vpcId: this.vpc.vpcId }, { parent: this });
        if (args.flowLog) {
            new aws.ec2.FlowLog(`${name}-flow`, { vpcId: this.vpc.vpcId, trafficType: "ALL", logDestinationType: "s3", logDestination: "arn:aws:s3:::logs" }, { parent: this });
        }
    }
}

function network(args: { flowLog: boolean; defaultSg: boolean; nat?: "None" | "Single" | "OnePerAz" }, region = "us-east-1") {
    return () => {
        const provider = new aws.Provider("explicit", { region: region as aws.Region, defaultTags: { tags: TAGS } });
        new Network("net", args, { provider });
    };
}

const mandatory = async (run: ProgramRun, policy: string, config = {}) =>
    (await violations(run, config)).filter((v) => v.policy === policy && v.level === "mandatory").map((v) => v.urn.split("::").pop());

describe("awsx:ec2:Vpc children, reproduced offline", () => {
    let closed: ProgramRun;
    before(async () => {
        closed = await inlineRun(network({ flowLog: true, defaultSg: true }));
    });

    it("follows awsx's layout: one subnet per type per AZ (public first), route tables, IGW, one NAT and EIP per AZ, routes", () => {
        const count = (type: string) => ofType(closed, type).length;
        assert.deepEqual(
            ["vpc:Vpc", "internetGateway:InternetGateway", "subnet:Subnet", "routeTable:RouteTable", "routeTableAssociation:RouteTableAssociation", "eip:Eip", "natGateway:NatGateway", "route:Route"].map((t) => count(`aws:ec2/${t}`)),
            [1, 1, 6, 6, 6, 3, 3, 6],
        );
        const subnets = ofType(closed, "aws:ec2/subnet:Subnet").map((s) => s.name);
        assert.deepEqual(subnets, ["net-vpc-public-1", "net-vpc-private-1", "net-vpc-public-2", "net-vpc-private-2", "net-vpc-public-3", "net-vpc-private-3"]);
        const vpc = ofType(closed, "aws:ec2/vpc:Vpc")[0];
        assert.equal(vpc.urn, "urn:pulumi:test::policytest::test:index:Network$awsx:ec2:Vpc$aws:ec2/vpc:Vpc::net-vpc");
        const rt = ofType(closed, "aws:ec2/routeTable:RouteTable").find((r) => r.name === "net-vpc-private-2")!;
        assert.equal(rt.parent, ofType(closed, "aws:ec2/subnet:Subnet").find((s) => s.name === "net-vpc-private-2")!.urn);
        // The component's outputs name the children's ids, as awsx's do.
        assert.equal((vpc.rawOutputs.arn as string).split("/").pop(), closed.resources.find((r) => r.type === "awsx:ec2:Vpc")!.rawOutputs.vpcId);
    });

    it("the children use the provider the component inherits from its parent component, with its region and default tags", () => {
        const provider = closed.resources.find((r) => r.type === "pulumi:providers:aws")!;
        for (const child of ofType(closed, "aws:ec2/subnet:Subnet")) {
            assert.equal(child.provider, provider.urn);
            assert.equal(child.rawInputs.region, "us-east-1");
            assert.deepEqual(Object.keys(child.rawInputs.tagsAll as object).sort(), ["Name", "SubnetType", "cost-center", "environment", "owner", "project"]);
        }
    });

    it("a VPC without flow log or managed default security group fails vpc-flow-logs and ec2-default-security-group-closed; one with both passes", async () => {
        const open = await inlineRun(network({ flowLog: false, defaultSg: false }));
        assert.deepEqual(await mandatory(open, "vpc-flow-logs"), ["net-vpc"]);
        assert.deepEqual(await mandatory(open, "ec2-default-security-group-closed"), ["net-vpc"]);
        assert.deepEqual(await mandatory(closed, "vpc-flow-logs"), []);
        assert.deepEqual(await mandatory(closed, "ec2-default-security-group-closed"), []);
    });

    it("required-tags and aws-allowed-regions judge the children", async () => {
        assert.deepEqual(await mandatory(closed, "required-tags"), []);
        const elsewhere = await inlineRun(network({ flowLog: true, defaultSg: true, nat: "None" }, "eu-west-1"));
        const flagged = await mandatory(elsewhere, "aws-allowed-regions", { "aws-allowed-regions": { allowedRegions: ["us-east-1"] } });
        for (const child of ["net-vpc", "net-vpc-public-1", "net-vpc-private-3"]) assert.ok(flagged.includes(child), `${child} is judged: ${flagged.join(", ")}`);
        // NAT strategy None: no NAT gateway, EIP or private route.
        assert.equal(ofType(elsewhere, "aws:ec2/natGateway:NatGateway").length, 0);
        assert.equal(ofType(elsewhere, "aws:ec2/route:Route").length, 3);
    });

    it("another remote component is reported as not checked offline, never silently empty", async () => {
        const run = await inlineRun(() => {
            new awsxLb.ApplicationLoadBalancer("web", {});
        });
        assert.deepEqual(run.notices, ["the resources of 1 remote component(s) are not checked offline (their provider creates them in a real run): awsx:lb:ApplicationLoadBalancer web"]);
    });

    it("our stacks' VPCs are among what the pack judges, in both modes", async () => {
        for (const stack of ["dev", "prod"]) {
            for (const preview of [false, true]) {
                const run = await stackRun(stack, preview);
                const vpcs = ofType(run, "aws:ec2/vpc:Vpc").filter((v) => v.urn.includes("awsx:ec2:Vpc$"));
                assert.equal(vpcs.length, 1, `${stack} ${preview}`);
                assert.ok(ofType(run, "aws:ec2/subnet:Subnet").length >= 2);
            }
        }
    });
});
