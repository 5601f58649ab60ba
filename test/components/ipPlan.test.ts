import { strict as assert } from "assert";
import fc from "fast-check";
import { planStudioIps, prefixLength, subnetCapacityProblems, usableAddresses } from "../../components/network/ipPlan";

const whitepaper = { users: 100, instanceTypesPerUser: 2, trainingInstancesPerUser: 1, interfaceEndpoints: 10, growthPercent: 0, appsPerUser: 3 };

describe("Studio IP capacity planner (pure)", () => {
    it("reproduces the whitepaper's example: 11 per subnet + 5 x 100 users = 511, so a /22", () => {
        const plan = planStudioIps(whitepaper);
        assert.deepEqual([plan.domainPerSubnet, plan.perUser, plan.requiredPerSubnet, plan.maxPrefixLength], [11, 5, 511, 22]);
        assert.deepEqual(subnetCapacityProblems(plan, ["10.0.0.0/22", "10.0.4.0/22"]), []);
        assert.deepEqual(subnetCapacityProblems(plan, ["10.0.8.0/23"]), [
            "subnet 10.0.8.0/23 offers 507 addresses but the domain needs 511 per subnet (11 for EFS and endpoints + 500 for users with growth): use a /22 or larger",
        ]);
    });

    it("counts EFA training instances as five addresses and applies growth", () => {
        assert.equal(planStudioIps({ ...whitepaper, users: 10, efa: true }).perUser, 8);
        assert.equal(planStudioIps({ ...whitepaper, growthPercent: 50 }).usersWithGrowth, 750);
    });

    it("reports the share of the 2,500 concurrent-app quota", () => {
        assert.equal(planStudioIps({ ...whitepaper, users: 700, appsPerUser: 3 }).appQuotaShare, 0.84);
    });

    it("always picks the largest prefix whose subnet is big enough, and accepts exactly the subnets that are", () => {
        fc.assert(
            fc.property(
                fc.record({
                    users: fc.integer({ min: 1, max: 2000 }),
                    instanceTypesPerUser: fc.integer({ min: 0, max: 5 }),
                    trainingInstancesPerUser: fc.integer({ min: 0, max: 4 }),
                    efa: fc.boolean(),
                    interfaceEndpoints: fc.integer({ min: 0, max: 30 }),
                    growthPercent: fc.integer({ min: 0, max: 200 }),
                    appsPerUser: fc.integer({ min: 1, max: 10 }),
                }),
                fc.integer({ min: 16, max: 28 }),
                (input, p) => {
                    const plan = planStudioIps(input);
                    if (plan.maxPrefixLength > 16) {
                        assert.ok(usableAddresses(plan.maxPrefixLength) >= plan.requiredPerSubnet);
                        if (plan.maxPrefixLength < 28) assert.ok(usableAddresses(plan.maxPrefixLength + 1) < plan.requiredPerSubnet);
                    }
                    const fits = usableAddresses(p) >= plan.requiredPerSubnet;
                    return (subnetCapacityProblems(plan, [`10.0.0.0/${p}`]).length === 0) === fits;
                },
            ),
        );
    });

    it("reads prefix lengths and rejects what is not an IPv4 CIDR", () => {
        assert.equal(prefixLength("10.1.0.0/22"), 22);
        assert.equal(prefixLength("10.1.0.0"), undefined);
        assert.equal(prefixLength("300.1.0.0/22"), undefined);
        assert.deepEqual(subnetCapacityProblems(planStudioIps(whitepaper), ["nope"]), ["nope is not an IPv4 CIDR"]);
    });
});
