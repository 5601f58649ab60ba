import { strict as assert } from "assert";
import { DEFAULT_INTERFACE_ENDPOINTS } from "../../components/network";
import { planCost } from "../../tools/offline/cost";
import { inputs, ofType, one, stackRun, stackRunWith } from "../harness";

/** dev's network as it was before issue 13: every default endpoint, in both AZs. */
const DEV_NETWORK_BEFORE = { mode: "create", cidr: "10.20.0.0/16", availabilityZones: 2, natGateways: "none", subnetPrefixLength: 22, interfaceEndpoints: [...DEFAULT_INTERFACE_ENDPOINTS], endpointAvailabilityZones: 2 };

describe("what the stacks cost idle", () => {
    it("dev costs at most half of its former idle cost, still VpcOnly and with tasks that cannot reach the internet", async () => {
        const before = planCost(await stackRunWith("dev", { "mlplatform:network": JSON.stringify(DEV_NETWORK_BEFORE) }));
        const run = await stackRun("dev");
        const after = planCost(run);
        assert.deepEqual([before.monthlyFixedUsd, after.monthlyFixedUsd], [177.1, 74.9]);
        assert.ok(after.monthlyFixedUsd <= before.monthlyFixedUsd / 2);
        assert.equal(inputs(one(run, "aws:sagemaker/domain:Domain")).appNetworkAccessType, "VpcOnly");
        assert.deepEqual(inputs(one(run, "awsx:ec2:Vpc")).natGateways, { strategy: "None" });
        const egress = ofType(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map(inputs);
        assert.ok(egress.every((e) => !e.cidrIpv4 && !e.cidrIpv6), "no security group may send to the internet");
    });

    it("prod keeps every endpoint in every AZ and its NAT gateways: USD 374.20 a month", async () => {
        const cost = planCost(await stackRun("prod"));
        assert.equal(cost.monthlyFixedUsd, 374.2);
        assert.equal(cost.resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint").length, 12);
    });

    it("in preview mode gives a lower bound, and says so", async () => {
        const cost = planCost(await stackRun("prod", true));
        assert.equal(cost.lowerBound, true);
        // Subnets unknown: each endpoint counted in one AZ; the NAT gateways come from the VPC's inputs.
        assert.equal(cost.monthlyFixedUsd, 12 * 7.3 + 109.5 + 1 + 0.4 + 0.5);
    });
});
