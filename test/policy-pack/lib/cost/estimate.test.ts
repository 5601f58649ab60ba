import { strict as assert } from "assert";
import { CostResource, PRICED_TYPES, PRICE_TABLE, PROVENANCES, PriceTable, UNKNOWN_INPUT, estimateStack, lookupPrice, mostExpensive, provenanceCounts } from "../../../../policy-pack/lib/cost";

/** A resource of the given type in us-east-1 (or `region`), as the plan and the pack hand it to the estimator. */
function res(type: string, inputs: Record<string, unknown> = {}, extra: Partial<CostResource> = {}): CostResource {
    const name = extra.name ?? type.split(":").pop()!.toLowerCase();
    return { urn: `urn:pulumi:test::p::${type}::${name}`, type, name, region: "us-east-1", inputs, ...extra };
}

/** Fixed monthly USD of one resource alone. */
function fixedOf(r: CostResource, ...others: CostResource[]): number {
    const cost = estimateStack([r, ...others]).resources.find((c) => c.urn === r.urn);
    return cost ? cost.monthlyFixedUsd : 0;
}

describe("cost estimator (policy-pack/lib/cost)", () => {
    it("ships a price table with a source, a date and a region for every figure, for us-east-1, sa-east-1 and eu-west-1", () => {
        assert.deepEqual(PRICE_TABLE.regions, ["us-east-1", "sa-east-1", "eu-west-1"]);
        for (const [key, entry] of Object.entries(PRICE_TABLE.prices)) {
            assert.ok(entry.selector.offerCode && entry.selector.usagetype, `${key} selector`);
            for (const [region, figure] of Object.entries(entry.regions)) {
                assert.ok(PRICE_TABLE.regions.includes(region), `${key}: ${region}`);
                assert.ok(figure.usd > 0 && /^https:\/\//.test(figure.source) && /^\d{4}-\d{2}-\d{2}$/.test(figure.date), `${key} in ${region}`);
            }
        }
        for (const region of PRICE_TABLE.regions) assert.ok(lookupPrice(PRICE_TABLE, "kms.key.month", region).ok, region);
    });

    it("says where every figure was read: a known provenance, defined in the file, with a source that fits it", () => {
        const used = new Set<string>();
        for (const [key, entry] of Object.entries(PRICE_TABLE.prices)) {
            for (const [region, figure] of Object.entries(entry.regions)) {
                const where = `${key} in ${region}`;
                used.add(figure.provenance);
                assert.ok((PROVENANCES as readonly string[]).includes(figure.provenance), `${where}: provenance ${figure.provenance}`);
                if (figure.provenance === "third-party-extract") {
                    // A repository file at a fixed commit, and the line in it that gives the figure.
                    assert.match(figure.source, /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\/\S+$/, where);
                    assert.ok(figure.note && figure.note.includes(region), `${where}: the note quotes the line and names the region`);
                } else if (figure.provenance === "aws-price-list") {
                    assert.match(figure.source, /^https:\/\/pricing\.us-east-1\.amazonaws\.com\/offers\//, where);
                } else {
                    // A page read, or for unverified figures the AWS page to check them against.
                    assert.match(figure.source, /^https:\/\/aws\.amazon\.com\//, where);
                }
            }
        }
        for (const provenance of used) assert.ok(PRICE_TABLE.provenanceDefinitions?.[provenance as keyof typeof PRICE_TABLE.provenanceDefinitions], `${provenance} is defined`);
        assert.match(PRICE_TABLE.provenanceDefinitions!.unverified!, /not checked against a source/);
        // No figure claims the old, untrue label "transcribed" (typed from memory, not copied from a page).
        assert.ok(!used.has("transcribed"));
        const all = provenanceCounts(PRICE_TABLE);
        assert.equal(Object.values(all).reduce((a, b) => a + b, 0), Object.values(PRICE_TABLE.prices).reduce((n, e) => n + Object.keys(e.regions).length, 0));
        assert.ok(all["third-party-extract"] > 0 && all.unverified > 0);
        assert.equal(provenanceCounts(PRICE_TABLE, "sa-east-1")["third-party-extract"], 0, "nothing for sa-east-1 was found in a source here");
    });

    it("sums the part of the fixed cost priced with unverified figures", () => {
        const table: PriceTable = JSON.parse(JSON.stringify(PRICE_TABLE));
        table.prices["kms.key.month"].regions["us-east-1"] = { usd: 1, date: "2026-11-24", source: "https://aws.amazon.com/kms/pricing/", provenance: "unverified" };
        table.prices["secretsmanager.secret.month"].regions["us-east-1"] = { usd: 0.4, date: "2026-11-24", source: "https://aws.amazon.com/secrets-manager/pricing/", provenance: "aws-pricing-page" };
        const cost = estimateStack([res("aws:kms/key:Key"), res("aws:kms/key:Key", {}, { name: "k2" }), res("aws:secretsmanager/secret:Secret")], { table });
        assert.equal(cost.monthlyFixedUsd, 2.4);
        assert.equal(cost.monthlyFixedUnverifiedUsd, 2);
        assert.deepEqual(cost.resources.map((r) => r.fixed[0].priceProvenance), ["unverified", "unverified", "aws-pricing-page"]);
    });

    it("marks a missing price as a fixed or a usage item, so a fixed figure that is incomplete can say so", () => {
        const cost = estimateStack([res("aws:kms/key:Key", {}, { region: "ap-southeast-4" })]);
        assert.deepEqual(cost.resources[0].noPrice.map((n) => n.kind), ["fixed", "usage"]);
        assert.equal(cost.monthlyFixedUsd, 0);
    });

    it("prices interface endpoints per AZ-hour: 12 endpoints in 2 AZs are USD 175.20 a month in us-east-1", () => {
        const endpoints = Array.from({ length: 12 }, (_, i) =>
            res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: ["subnet-a", "subnet-b"], serviceName: `svc${i}` }, { name: `e${i}` }),
        );
        assert.equal(estimateStack(endpoints).monthlyFixedUsd, 175.2);
        assert.equal(fixedOf(res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: ["a", "b", "c"] })), 21.9);
        assert.equal(fixedOf(res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: ["a"] }, { region: "eu-west-1" })), 8.03);
        // Gateway endpoints (the provider's default type) are free.
        assert.equal(estimateStack([res("aws:ec2/vpcEndpoint:VpcEndpoint", { serviceName: "com.amazonaws.us-east-1.s3" })]).resources.length, 0);
    });

    it("prices an endpoint whose subnets are unknown in preview at one AZ and says the figure is a lower bound", () => {
        const cost = estimateStack([res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: UNKNOWN_INPUT })]);
        assert.equal(cost.monthlyFixedUsd, 7.3);
        assert.equal(cost.lowerBound, true);
        assert.match(cost.resources[0].fixed[0].assumption!, /unknown until the update/);
    });

    it("prices NAT gateways, public IPv4 addresses, keys, secrets and alarms", () => {
        assert.equal(fixedOf(res("aws:ec2/natGateway:NatGateway")), 32.85);
        assert.equal(fixedOf(res("aws:ec2/natGateway:NatGateway", {}, { region: "sa-east-1" })), 67.89);
        assert.equal(fixedOf(res("aws:ec2/eip:Eip", { domain: "vpc" })), 3.65);
        assert.equal(fixedOf(res("aws:kms/key:Key")), 1);
        assert.equal(fixedOf(res("aws:secretsmanager/secret:Secret", { replicas: [{ region: "eu-west-1" }] })), 0.8);
        assert.equal(fixedOf(res("aws:cloudwatch/metricAlarm:MetricAlarm", { period: 300 })), 0.1);
        assert.equal(fixedOf(res("aws:cloudwatch/metricAlarm:MetricAlarm", { period: 10 })), 0.3);
        const twoMetrics = { metricQueries: [{ id: "a", metric: { period: 60 } }, { id: "b", metric: { period: 60 } }, { id: "e", expression: "a+b" }] };
        assert.equal(fixedOf(res("aws:cloudwatch/metricAlarm:MetricAlarm", twoMetrics)), 0.2);
        assert.equal(fixedOf(res("aws:ssm/parameter:Parameter", { tier: "Advanced" })), 0.05);
        assert.equal(estimateStack([res("aws:ssm/parameter:Parameter", { tier: "Standard" })]).resources.length, 0);
    });

    it("prices an awsx VPC's NAT gateways from its inputs only while its children are not in the stack", () => {
        const vpc = res("awsx:ec2:Vpc", { numberOfAvailabilityZones: 3, natGateways: { strategy: "OnePerAz" }, subnetSpecs: [{ type: "Private" }, { type: "Public" }] });
        assert.equal(fixedOf(vpc), 109.5);
        assert.equal(fixedOf({ ...vpc, inputs: { ...vpc.inputs, natGateways: { strategy: "Single" } } }), 36.5);
        assert.equal(fixedOf({ ...vpc, inputs: { numberOfAvailabilityZones: 2, natGateways: { strategy: "None" }, subnetSpecs: [{ type: "Isolated" }] } }), 0);
        // awsx's defaults: public and private subnets in 3 AZs, a NAT gateway per AZ; none without private subnets.
        assert.equal(fixedOf(res("awsx:ec2:Vpc", {})), 109.5);
        assert.equal(fixedOf(res("awsx:ec2:Vpc", { subnetSpecs: [{ type: "Public" }, { type: "Isolated" }] })), 0);
        // In a real preview awsx registers the NAT gateways as children: they are priced, not the component.
        const nat = res("aws:ec2/natGateway:NatGateway", {}, { parent: vpc.urn });
        assert.equal(estimateStack([vpc, nat]).monthlyFixedUsd, 32.85);
    });

    it("prices SageMaker endpoint instances through the endpoint's configuration, and only when an endpoint uses it", () => {
        const config = res("aws:sagemaker/endpointConfiguration:EndpointConfiguration", { name: "cfg", productionVariants: [{ instanceType: "ml.m5.large", initialInstanceCount: 2 }] });
        const endpoint = res("aws:sagemaker/endpoint:Endpoint", { endpointConfigName: "cfg" });
        assert.equal(estimateStack([config]).monthlyFixedUsd, 0);
        assert.equal(fixedOf(endpoint, config), 167.9);
        const byDependency = { ...endpoint, inputs: { endpointConfigName: UNKNOWN_INPUT }, propertyDependencies: { endpointConfigName: [config.urn] } };
        assert.equal(fixedOf(byDependency, config), 167.9);
        const orphan = estimateStack([endpoint]).resources[0];
        assert.match(orphan.noPrice[0].reason, /endpoint configuration is not in the stack/);
    });

    it("prices RDS and Aurora instances by engine and class, Multi-AZ twice, with their provisioned storage", () => {
        assert.equal(fixedOf(res("aws:rds/instance:Instance", { engine: "postgres", instanceClass: "db.t3.micro", allocatedStorage: 20 })), 15.44);
        assert.equal(fixedOf(res("aws:rds/instance:Instance", { engine: "postgres", instanceClass: "db.t3.micro", allocatedStorage: 20, multiAz: true })), 30.88);
        assert.equal(fixedOf(res("aws:rds/clusterInstance:ClusterInstance", { engine: "aurora-postgresql", instanceClass: "db.r5.large" })), 211.7);
        const serverless = estimateStack([res("aws:rds/clusterInstance:ClusterInstance", { engine: "aurora-postgresql", instanceClass: "db.serverless" })]);
        assert.equal(serverless.monthlyFixedUsd, 0);
        assert.match(serverless.resources[0].noPrice[0].reason, /ACU-hour/);
    });

    it("prices EFS provisioned throughput as fixed and its storage by use; Fargate services as fixed and tasks per run", () => {
        assert.equal(fixedOf(res("aws:efs/fileSystem:FileSystem", { throughputMode: "provisioned", provisionedThroughputInMibps: 10 })), 60);
        assert.equal(fixedOf(res("aws:efs/fileSystem:FileSystem", { throughputMode: "bursting" })), 0);
        const task = res("aws:ecs/taskDefinition:TaskDefinition", { requiresCompatibilities: ["FARGATE"], cpu: "1024", memory: "2048", family: "web" });
        const service = res("aws:ecs/service:Service", { launchType: "FARGATE", desiredCount: 2, taskDefinition: "web" });
        // 2 tasks × (1 vCPU × 0.04048 + 2 GB × 0.004445) × 730 h
        assert.equal(fixedOf(service, task), roundTo(2 * 730 * 0.04048, 2) + roundTo(2 * 2 * 730 * 0.004445, 2));
        assert.equal(fixedOf(task), 0);
    });

    it("turns usage-priced items into figures with usage values: per type defaults, overridden by resource name", () => {
        const task = res("aws:ecs/taskDefinition:TaskDefinition", { requiresCompatibilities: ["FARGATE"], cpu: "4096", memory: "16384" }, { name: "training" });
        const bucket = res("aws:s3/bucket:Bucket", {}, { name: "data" });
        const build = res("aws:codebuild/project:Project", { environment: { type: "LINUX_CONTAINER", computeType: "BUILD_GENERAL1_SMALL" } });
        const withoutUsage = estimateStack([task, bucket, build]);
        assert.equal(withoutUsage.monthlyUsageUsd, 0);
        assert.deepEqual(withoutUsage.resources[0].usage.map((u) => [u.priceKey, u.unitUsd, u.usageKeys.join("*"), u.perUsage]), [
            ["fargate.vcpu.hour", 0.04048, "runsPerMonth*hoursPerRun", 4],
            ["fargate.gb.hour", 0.004445, "runsPerMonth*hoursPerRun", 16],
        ]);
        const cost = estimateStack([task, bucket, build], {
            usage: {
                resourceTypeDefaults: { "aws:ecs/taskDefinition:TaskDefinition": { runsPerMonth: 4, hoursPerRun: 1 }, "aws:s3/bucket:Bucket": { storageGb: 100 } },
                resources: { training: { hoursPerRun: 4 }, data: { storageGb: 1000, putRequests: 100_000 }, [build.urn]: { buildMinutes: 200 } },
            },
        });
        const [t, b, c] = cost.resources;
        // 4 runs × 4 h × (4 vCPU × 0.04048 + 16 GB × 0.004445)
        assert.deepEqual([t.usage[0].quantity, t.usage[0].monthlyUsd, t.usage[1].quantity, t.usage[1].monthlyUsd], [64, 2.59, 256, 1.14]);
        assert.deepEqual(b.usage.map((u) => u.monthlyUsd), [23, 0.5, undefined]);
        assert.equal(c.monthlyUsageUsd, 1);
        assert.equal(cost.monthlyUsageUsd, roundTo(2.59 + 1.14 + 23 + 0.5 + 1, 2));
        assert.equal(cost.monthlyFixedUsd, 0);
    });

    it("says 'no price' for an unknown region, an unknown type or a size missing from the table, never a guess", () => {
        const mars = estimateStack([res("aws:kms/key:Key", {}, { region: "mars-north-1" })]);
        assert.equal(mars.monthlyFixedUsd, 0);
        assert.match(mars.resources[0].noPrice[0].reason, /no price for kms.key.month in mars-north-1/);
        // A resource's own region (aws v7's region argument) wins over its provider's.
        assert.equal(fixedOf(res("aws:ec2/natGateway:NatGateway", { region: "eu-west-1" })), 35.04);
        const noRegion = estimateStack([res("aws:kms/key:Key", {}, { region: undefined })]);
        assert.match(noRegion.resources[0].noPrice[0].reason, /region is unknown/);
        const unknownType = estimateStack([res("aws:kinesis/stream:Stream", { shardCount: 2 })]);
        assert.match(unknownType.resources[0].noPrice[0].reason, /no price for resource type aws:kinesis\/stream:Stream/);
        const bigEndpoint = estimateStack([
            res("aws:sagemaker/endpointConfiguration:EndpointConfiguration", { name: "x", productionVariants: [{ instanceType: "ml.inf2.48xlarge" }] }),
            res("aws:sagemaker/endpoint:Endpoint", { endpointConfigName: "x" }),
        ]);
        assert.match(bigEndpoint.resources[0].noPrice[0].reason, /no price for sagemaker.hosting.hour:ml.inf2.48xlarge/);
        // A region the table has, but not for this key (SageMaker hosting is priced for us-east-1 only).
        const sa = estimateStack([
            res("aws:sagemaker/endpointConfiguration:EndpointConfiguration", { name: "y", productionVariants: [{ instanceType: "ml.m5.large" }] }, { region: "sa-east-1" }),
            res("aws:sagemaker/endpoint:Endpoint", { endpointConfigName: "y" }, { region: "sa-east-1" }),
        ]);
        assert.match(sa.resources[0].noPrice[0].reason, /in sa-east-1/);
        // Configuration, identity and other packages' resources cost nothing and are not listed.
        const free = estimateStack([res("aws:iam/role:Role"), res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"), res("random:index/randomPassword:RandomPassword")]);
        assert.deepEqual([free.resources.length, free.freeResources], [0, 2]);
    });

    /** Every priced type with inputs and usage: the fixed and usage figures it must come to in us-east-1. */
    const CASES: Array<[string, Record<string, unknown>, Record<string, number>, number, number]> = [
        ["aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: ["a", "b"] }, { dataProcessedGb: 100 }, 14.6, 1],
        ["aws:ec2/natGateway:NatGateway", {}, { dataProcessedGb: 100 }, 32.85, 4.5],
        ["aws:ec2/eip:Eip", {}, {}, 3.65, 0],
        ["aws:ec2/instance:Instance", { instanceType: "t3.micro", associatePublicIpAddress: true }, {}, 3.65, 0],
        ["awsx:ec2:Vpc", { numberOfAvailabilityZones: 2, natGateways: { strategy: "Single" } }, { dataProcessedGb: 10 }, 36.5, 0.45],
        ["aws:kms/key:Key", {}, { requests: 1_000_000 }, 1, 3],
        ["aws:kms/replicaKey:ReplicaKey", {}, {}, 1, 0],
        ["aws:secretsmanager/secret:Secret", {}, { apiCalls: 20_000 }, 0.4, 0.1],
        ["aws:cloudwatch/metricAlarm:MetricAlarm", { period: 300 }, {}, 0.1, 0],
        ["aws:cloudwatch/compositeAlarm:CompositeAlarm", {}, {}, 0.5, 0],
        ["aws:cloudwatch/logGroup:LogGroup", {}, { ingestedGb: 10, storedGb: 100 }, 0, 8],
        ["aws:s3/bucket:Bucket", {}, { storageGb: 100, putRequests: 10_000, getRequests: 100_000 }, 0, 2.39],
        ["aws:s3/bucketV2:BucketV2", {}, { storageGb: 100 }, 0, 2.3],
        ["aws:efs/fileSystem:FileSystem", { throughputMode: "provisioned", provisionedThroughputInMibps: 2 }, { storageGb: 10 }, 12, 3],
        ["aws:ecs/taskDefinition:TaskDefinition", { requiresCompatibilities: ["FARGATE"], cpu: "2048", memory: "4096" }, { runsPerMonth: 10, hoursPerRun: 2 }, 0, 1.98],
        ["aws:ecs/service:Service", { launchType: "EC2" }, {}, 0, 0],
        ["aws:codebuild/project:Project", { environment: { type: "LINUX_CONTAINER", computeType: "BUILD_GENERAL1_MEDIUM" } }, { buildMinutes: 300 }, 0, 3],
        ["aws:ecr/repository:Repository", {}, { storageGb: 20 }, 0, 2],
        ["aws:sfn/stateMachine:StateMachine", {}, { transitions: 100_000 }, 0, 2.5],
        ["aws:sagemaker/endpoint:Endpoint", { endpointConfigName: "missing" }, {}, 0, 0],
        ["aws:sagemaker/notebookInstance:NotebookInstance", { instanceType: "ml.t3.medium" }, {}, 36.5, 0],
        ["aws:sagemaker/app:App", { resourceSpec: { instanceType: "ml.m5.large" } }, {}, 83.95, 0],
        ["aws:sagemaker/domain:Domain", { defaultUserSettings: { jupyterLabAppSettings: { defaultResourceSpec: { instanceType: "ml.t3.medium" } } } }, { appHours: 100, homeStorageGb: 10 }, 0, 8],
        ["aws:rds/instance:Instance", { engine: "mysql", instanceClass: "db.t3.medium", allocatedStorage: 100, storageType: "gp3" }, {}, 61.14, 0],
        ["aws:rds/clusterInstance:ClusterInstance", { engine: "aurora-mysql", instanceClass: "db.t3.medium" }, {}, 59.86, 0],
        ["aws:backup/vault:Vault", {}, { storageGb: 100 }, 0, 5],
        ["aws:sqs/queue:Queue", {}, { requests: 2_000_000 }, 0, 0.8],
        ["aws:sns/topic:Topic", {}, { requests: 2_000_000 }, 0, 1],
        ["aws:scheduler/schedule:Schedule", {}, { invocations: 3_000_000 }, 0, 3],
        ["aws:lb/loadBalancer:LoadBalancer", { loadBalancerType: "network" }, {}, 16.43, 0],
        ["aws:alb/loadBalancer:LoadBalancer", {}, {}, 16.43, 0],
        ["aws:ssm/parameter:Parameter", { tier: "Advanced" }, {}, 0.05, 0],
    ];

    it("prices every priced type: known inputs and usage give known fixed and usage figures", () => {
        assert.deepEqual([...new Set(CASES.map((c) => c[0]))].sort(), Object.keys(PRICED_TYPES).sort(), "a case for every priced type");
        for (const [type, inputs, usage, fixedUsd, usageUsd] of CASES) {
            const cost = estimateStack([res(type, inputs)], { usage: { resourceTypeDefaults: { [type]: usage } } });
            assert.deepEqual([cost.monthlyFixedUsd, cost.monthlyUsageUsd], [fixedUsd, usageUsd], type);
        }
    });

    it("uses the table it is given, and lists the five most expensive resources", () => {
        const table: PriceTable = JSON.parse(JSON.stringify(PRICE_TABLE));
        table.prices["kms.key.month"].regions["us-east-1"].usd = 2;
        assert.equal(estimateStack([res("aws:kms/key:Key")], { table }).monthlyFixedUsd, 2);
        const many = [1, 2, 3, 4, 5, 6].map((azs) => res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: Array(azs).fill("s") }, { name: `e${azs}` }));
        assert.deepEqual(mostExpensive(estimateStack(many)).map((r) => r.name), ["e6", "e5", "e4", "e3", "e2"]);
    });
});

function roundTo(value: number, digits: number): number {
    return Math.round(value * 10 ** digits) / 10 ** digits;
}
