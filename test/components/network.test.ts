import { strict as assert } from "assert";
import { ConfigError, parsePlatformConfig } from "../../stacks/config";
import { DEFAULT_INTERFACE_ENDPOINTS, FEATURE_ENDPOINTS } from "../../components/network";
import { ProgramRun, readStackFiles } from "../../tools/offline/runProgram";
import { PROGRAM, inputs, ofType, one, stackRun, stackRunWith } from "../harness";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

/** Security group ids by purpose, as the network's own rules name them. */
function groupIds(run: ProgramRun) {
    const rule = (name: string) => inputs(one(run, EGRESS, name)).securityGroupId as string;
    return { studio: rule("network-studio-to-endpoints"), workloads: rule("network-workloads-to-endpoints"), endpoints: inputs(one(run, INGRESS, "network-endpoints-from-studio")).securityGroupId as string };
}

describe("PlatformNetwork", () => {
    for (const stack of ["dev", "prod"]) {
        describe(`in the ${stack} stack`, () => {
            let run: ProgramRun;
            before(async () => (run = await stackRun(stack)));

            it(stack === "dev" ? "creates a VPC with isolated subnets in 2 AZs and no NAT gateway" : "creates a VPC with private subnets in 3 AZs and a NAT gateway per AZ", () => {
                const vpc = inputs(one(run, "awsx:ec2:Vpc"));
                assert.equal(vpc.cidrBlock, stack === "dev" ? "10.20.0.0/16" : "10.30.0.0/16");
                assert.equal(vpc.numberOfAvailabilityZones, stack === "dev" ? 2 : 3);
                assert.deepEqual(vpc.natGateways, { strategy: stack === "dev" ? "None" : "OnePerAz" });
                assert.deepEqual(vpc.subnetSpecs[0], { type: stack === "dev" ? "Isolated" : "Private", cidrMask: 22 });
                assert.equal(vpc.enableDnsHostnames, true, "private DNS of interface endpoints needs DNS hostnames");
            });

            it("records all traffic of the new VPC in an encrypted flow log, through a role that may write only there", () => {
                const flow = inputs(one(run, "aws:ec2/flowLog:FlowLog"));
                assert.deepEqual([flow.trafficType, flow.logDestinationType], ["ALL", "cloud-watch-logs"]);
                assert.equal(flow.vpcId, one(run, "awsx:ec2:Vpc").rawOutputs.vpcId);
                const group = inputs(one(run, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs"));
                assert.deepEqual([group.name, group.kmsKeyId], [`/sefaz-ml/${stack}/network/vpc-flow-logs`, one(run, "aws:kms/key:Key").rawOutputs.arn]);
                const policy = JSON.parse(inputs(one(run, "aws:iam/rolePolicy:RolePolicy", "network-flow-logs")).policy);
                assert.deepEqual(policy.Statement[0].Resource, [
                    `arn:aws:logs:us-east-1:123456789012:log-group:/sefaz-ml/${stack}/network/vpc-flow-logs`,
                    `arn:aws:logs:us-east-1:123456789012:log-group:/sefaz-ml/${stack}/network/vpc-flow-logs:log-stream:*`,
                ]);
            });

            it("reaches S3 through a gateway endpoint and every other service through private-DNS interface endpoints", () => {
                const endpoints = ofType(run, ENDPOINT).map(inputs);
                const s3 = endpoints.filter((e) => e.vpcEndpointType === "Gateway");
                assert.deepEqual(s3.map((e) => [e.serviceName, e.routeTableIds]), [["com.amazonaws.us-east-1.s3", ["rtb-0aaaaaaaaaaaaaaaa", "rtb-0bbbbbbbbbbbbbbbb"]]]);
                const interfaces = endpoints.filter((e) => e.vpcEndpointType === "Interface");
                // dev: only the endpoints Studio and the pipelines call, in one AZ (billed per AZ-hour); prod: all, in every AZ.
                assert.equal(interfaces.length, stack === "dev" ? 10 : DEFAULT_INTERFACE_ENDPOINTS.length);
                const subnets = one(run, "awsx:ec2:Vpc").rawOutputs.isolatedSubnetIds as string[] | undefined;
                for (const e of interfaces) {
                    assert.equal(e.privateDnsEnabled, true, e.serviceName);
                    assert.deepEqual(e.securityGroupIds, [groupIds(run).endpoints], e.serviceName);
                    assert.equal(e.subnetIds.length, stack === "dev" ? 1 : 3);
                    if (stack === "dev") assert.deepEqual(e.subnetIds, subnets!.slice(0, 1));
                }
                const names = interfaces.map((e) => e.serviceName);
                const needed = [...FEATURE_ENDPOINTS.studio, ...FEATURE_ENDPOINTS.pipelines, ...(stack === "dev" ? [] : ["kms", "states"])];
                for (const suffix of needed) {
                    assert.ok(names.includes(suffix === "studio" ? "aws.sagemaker.us-east-1.studio" : `com.amazonaws.us-east-1.${suffix}`), suffix);
                }
                if (stack === "dev") assert.ok(!names.some((n) => /\.(kms|states)$/.test(n)), "dev has no kms or states endpoint");
            });

            it("accepts no traffic from 0.0.0.0/0 or ::/0 anywhere, and only what each group needs", () => {
                const ingress = ofType(run, INGRESS).map(inputs);
                assert.ok(ingress.every((r) => !r.cidrIpv4 && !r.cidrIpv6), "every ingress rule names a security group");
                for (const g of ofType(run, "aws:ec2/securityGroup:SecurityGroup").map(inputs)) assert.equal(g.ingress, undefined, g.name);
                const ids = groupIds(run);
                const into = (id: string) =>
                    ingress
                        .filter((r) => r.securityGroupId === id)
                        .map((r) => `${r.ipProtocol === "-1" ? "all" : `${r.fromPort}-${r.toPort}`} from ${r.referencedSecurityGroupId === ids.studio ? "studio" : r.referencedSecurityGroupId === ids.workloads ? "workloads" : "?"}`)
                        .sort();
                assert.deepEqual(into(ids.endpoints), ["443-443 from studio", "443-443 from workloads"]);
                assert.deepEqual(into(ids.studio), ["2049-2049 from studio", "8192-65535 from studio"]);
                // Only the instances of a distributed job, among themselves.
                assert.deepEqual(into(ids.workloads), ["all from workloads"]);
            });
        });
    }

    it("in an existing VPC, adds an S3 gateway endpoint only on the route tables given, and can leave private DNS off", async () => {
        const existing = { mode: "existing", vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"] };
        const without = await stackRunWith("dev", { "mlplatform:network": JSON.stringify({ ...existing, privateDns: false }) });
        assert.equal(ofType(without, ENDPOINT).filter((e) => inputs(e).vpcEndpointType === "Gateway").length, 0, "the VPC already routes S3");
        assert.ok(ofType(without, ENDPOINT).every((e) => inputs(e).privateDnsEnabled === false));
        assert.equal(inputs(one(without, EGRESS, "network-studio-to-s3")).prefixListId, "pl-63a5400a", "S3's prefix list is looked up");
        const withTables = await stackRunWith("dev", { "mlplatform:network": JSON.stringify({ ...existing, routeTableIds: ["rtb-0123456789abcdef0"] }) });
        assert.deepEqual(inputs(one(withTables, ENDPOINT, "network-s3")).routeTableIds, ["rtb-0123456789abcdef0"]);
    });

    it("lets Studio reach HTTPS through NAT only when the VPC has NAT gateways", async () => {
        const prod = await stackRun("prod");
        const out = inputs(one(prod, EGRESS, "network-studio-https-out"));
        assert.deepEqual([out.cidrIpv4, out.fromPort, out.toPort, out.securityGroupId], ["0.0.0.0/0", 443, 443, groupIds(prod).studio]);
        assert.equal(ofType(await stackRun("dev"), EGRESS).filter((r) => r.name === "network-studio-https-out").length, 0);
    });

    it("uses an existing VPC and subnets when configured so, creating none", async () => {
        const run = await stackRunWith("dev", {
            "mlplatform:network": JSON.stringify({ mode: "existing", vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"] }),
        });
        assert.equal(ofType(run, "awsx:ec2:Vpc").length, 0);
        const studio = inputs(one(run, ENDPOINT, "network-studio"));
        // dev's default puts the interface endpoints in the first subnet only; endpointAvailabilityZones widens it.
        assert.deepEqual([studio.vpcId, studio.subnetIds], ["vpc-0123456789abcdef0", ["subnet-0123456789abcdef0"]]);
        const twoAzs = await stackRunWith("dev", {
            "mlplatform:network": JSON.stringify({ mode: "existing", vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"], endpointAvailabilityZones: 2 }),
        });
        assert.deepEqual(inputs(one(twoAzs, ENDPOINT, "network-studio")).subnetIds, ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]);
    });

    it("in dev, defaults to the endpoints the enabled features need; an explicit list is kept as given", async () => {
        const noStudio = await stackRunWith("dev", { "mlplatform:studio": undefined });
        const suffixes = (run: ProgramRun) => ofType(run, ENDPOINT).map((e) => inputs(e)).filter((e) => e.vpcEndpointType === "Interface").map((e) => String(e.serviceName).replace(/^(com\.amazonaws|aws\.sagemaker)\.us-east-1\./, ""));
        assert.deepEqual(suffixes(noStudio), ["logs", "monitoring", "ecr.api", "ecr.dkr", "ssm", "secretsmanager"]);
        const network = { mode: "create", cidr: "10.20.0.0/16", interfaceEndpoints: ["sts", "kms"] };
        assert.deepEqual(suffixes(await stackRunWith("dev", { "mlplatform:network": JSON.stringify(network), "mlplatform:studio": undefined })), ["sts", "kms"]);
    });

    describe("configuration", () => {
        const problems = (network: unknown) => {
            try {
                parsePlatformConfig({ ...readStackFiles(PROGRAM, "dev").config, "mlplatform:network": JSON.stringify(network) }, { project: "mlplatform", stack: "dev" });
                return [];
            } catch (err) {
                return (err as ConfigError).problems.map((p) => `${p.key}: found ${p.found}; allowed: ${p.allowed}`);
            }
        };
        const cases: Array<[string, unknown, RegExp]> = [
            ["create without a CIDR", { mode: "create" }, /mlplatform:network\.cidr: found nothing.*allowed: a VPC CIDR/],
            ["a CIDR that is not one", { mode: "create", cidr: "10.20.0.0" }, /network\.cidr: found "10\.20\.0\.0"; allowed: an IPv4 CIDR with a prefix from \/16 to \/24/],
            ["one availability zone", { mode: "create", cidr: "10.20.0.0/16", availabilityZones: 1 }, /network\.availabilityZones: found 1; allowed: 2 or 3 availability zones/],
            ["an unknown NAT strategy", { mode: "create", cidr: "10.20.0.0/16", natGateways: "three" }, /network\.natGateways: found "three"; allowed: none \(endpoints only\), single, or perAz/],
            ["an unknown mode", { mode: "borrowed" }, /network\.mode: found "borrowed"/],
            ["endpoints in more AZs than the VPC has", { mode: "create", cidr: "10.20.0.0/16", endpointAvailabilityZones: 3 }, /network\.endpointAvailabilityZones: found 3; allowed: at most availabilityZones \(2\)/],
            ["endpoints in no AZ", { mode: "create", cidr: "10.20.0.0/16", endpointAvailabilityZones: 0 }, /network\.endpointAvailabilityZones: found 0; allowed: 1 to 3/],
            ["existing without subnets", { mode: "existing", vpcId: "vpc-0123456789abcdef0" }, /network\.privateSubnetIds: found nothing/],
            ["a VPC too small for its subnets", { mode: "create", cidr: "10.20.0.0/24", subnetPrefixLength: 22 }, /network\.cidr: found "10\.20\.0\.0\/24"; allowed: a VPC large enough for 2 \/22 subnets \(2048 addresses\): a \/21 or larger/],
            ["existing subnets too small for Studio", { mode: "existing", vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"], privateSubnetCidrs: ["10.0.0.0/26", "10.0.1.0/26"] }, /network\.privateSubnetCidrs: .*subnet 10\.0\.0\.0\/26 offers 59 addresses but the domain needs \d+ per subnet/],
        ];
        for (const [label, network, pattern] of cases) {
            it(`rejects ${label}`, () => {
                const found = problems(network);
                assert.ok(found.some((f) => pattern.test(f)), found.join("\n") || "accepted");
            });
        }

        it("reads the first form of the key (vpcId and subnets, no mode) as an existing VPC", () => {
            assert.deepEqual(problems({ vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"] }), []);
        });
    });
});
