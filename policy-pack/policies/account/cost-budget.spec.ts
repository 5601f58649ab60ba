import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { inlineRun, stackRun, violationsOf } from "../../../test/harness";
import { costBudget } from "./cost-budget";

const TAGS = { project: "p", owner: "o", "cost-center": "c" };

/**
 * A stack of `endpoints` interface endpoints in `azs` AZs and one KMS key, tagged `environment` through
 * the provider's default tags: `endpoints` × `azs` × USD 7.30 + USD 1 a month in us-east-1.
 */
function endpointStack(environment: string, endpoints: number, azs: number, subnetsFrom?: "vpc", region: aws.Region = "us-east-1") {
    return () => {
        const provider = new aws.Provider("aws", { region, defaultTags: { tags: { ...TAGS, environment } } });
        new aws.kms.Key("key", { enableKeyRotation: true }, { provider });
        // In preview the subnets of a new VPC are unknown: the estimate counts one AZ, a lower bound.
        const vpc = subnetsFrom === "vpc" ? new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" }, { provider }) : undefined;
        const subnetIds = Array.from({ length: azs }, (_, i) => (vpc ? new aws.ec2.Subnet(`s${i}`, { vpcId: vpc.id, cidrBlock: `10.0.${i}.0/24` }, { provider }).id : `subnet-${i}`));
        for (let i = 0; i < endpoints; i++) {
            new aws.ec2.VpcEndpoint(`endpoint-${i}`, { vpcId: vpc?.id ?? "vpc-1", serviceName: `com.amazonaws.us-east-1.svc${i}`, vpcEndpointType: "Interface", subnetIds: vpc ? undefined : subnetIds }, { provider });
        }
        if (vpc) {
            // The list of subnets as one output (as awsx's VPC gives it): unknown as a whole in preview.
            new aws.ec2.VpcEndpoint("endpoint-late", { vpcId: vpc.id, serviceName: "com.amazonaws.us-east-1.late", vpcEndpointType: "Interface", subnetIds: pulumi.all(subnetIds) }, { provider });
        }
    };
}

describe("cost-budget", () => {
    it("reports a stack over its environment's budget, with the figure and the five most expensive resources", async () => {
        const run = await inlineRun(endpointStack("dev", 12, 2));
        const found = await violationsOf(run, "cost-budget", { "cost-budget": { budgets: { dev: 100, prod: 1000 } } });
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0], /The estimated monthly fixed cost of environment "dev" is USD 176\.20, over its budget of USD 100\.00 by USD 76\.20\./);
        const top = found[0].match(/\d\. VpcEndpoint "endpoint-\d+" USD 14\.60 \(interface endpoint com\.amazonaws\.us-east-1\.svc\d+, 2 AZs\)/g);
        assert.equal(top?.length, 5, found[0]);
        assert.doesNotMatch(found[0], /6\. /);
        assert.match(found[0], /Fix: .* raise budgets\.dev in the pack config/);
        // us-east-1's endpoint and key prices were read from sources: nothing to warn about.
        assert.doesNotMatch(found[0], /unverified/);
    });

    it("says how much of an over-budget figure comes from unverified prices", async () => {
        const run = await inlineRun(endpointStack("dev", 12, 2, undefined, "eu-west-1"));
        const found = await violationsOf(run, "cost-budget", { "cost-budget": { budgets: { dev: 100 } } });
        // 12 endpoints × 2 AZs × 730 h × USD 0.011 (unverified) + the key's USD 1 (read from AWS's KMS pricing page).
        assert.match(found.join("\n"), /"dev" is USD 193\.72, over its budget of USD 100\.00 .* USD 192\.72 of the figure comes from unverified prices in the pack's table/);
    });

    it("passes a stack within its budget, and one whose environment has no budget", async () => {
        const run = await inlineRun(endpointStack("dev", 12, 2));
        assert.deepEqual(await violationsOf(run, "cost-budget", { "cost-budget": { budgets: { dev: 200 } } }), []);
        assert.deepEqual(await violationsOf(run, "cost-budget", { "cost-budget": { budgets: { prod: 10 } } }), []);
        assert.deepEqual(await violationsOf(run, "cost-budget"), [], "no budget configured: nothing to check");
    });

    it("judges each environment against its own budget, and uses defaultBudget for the others", async () => {
        const config = { "cost-budget": { budgets: { dev: 50, prod: 500 } } };
        assert.deepEqual(await violationsOf(await inlineRun(endpointStack("prod", 12, 3)), "cost-budget", config), []);
        assert.equal((await violationsOf(await inlineRun(endpointStack("dev", 12, 3)), "cost-budget", config)).length, 1);
        const staging = await inlineRun(endpointStack("staging", 2, 2));
        assert.match((await violationsOf(staging, "cost-budget", { "cost-budget": { budgets: { dev: 50 }, defaultBudget: 20 } })).join("\n"), /"staging" is USD 30\.20, over its budget of USD 20\.00/);
    });

    it("in preview, reports a lower bound over the budget as such and never reports one under it", async () => {
        const run = await inlineRun(endpointStack("dev", 0, 2, "vpc"), { preview: true });
        // One endpoint with unknown subnets (one AZ assumed: USD 7.30) and the key (USD 1).
        const over = await violationsOf(run, "cost-budget", { "cost-budget": { budgets: { dev: 5 } } });
        assert.match(over.join("\n"), /is USD 8\.30 at least, over its budget of USD 5\.00.*the figure is a lower bound/);
        assert.deepEqual(await violationsOf(run, "cost-budget", { "cost-budget": { budgets: { dev: 10 } } }), []);
    });

    it("finds the project's stacks within the budgets of their pack configs", async () => {
        for (const stack of ["dev", "prod"]) {
            const config = require(`../../config/${stack}.json`);
            assert.ok(config["cost-budget"]?.budgets?.[stack], `policy-pack/config/${stack}.json sets a budget for ${stack}`);
            assert.deepEqual(await violationsOf(await stackRun(stack), "cost-budget", config), [], stack);
        }
    });

    it("carries its metadata", () => {
        assert.equal(costBudget.metadata.severity, "low");
        assert.ok(costBudget.metadata.remediationSteps.length >= 2);
    });
});
