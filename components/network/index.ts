import * as aws from "@pulumi/aws";
// The ec2 module alone: the package index would also load awsx's ECS, Lambda and Docker support (~250 ms).
import * as awsxEc2 from "@pulumi/awsx/ec2";
import * as pulumi from "@pulumi/pulumi";
import { Naming, lookupAwsContext } from "../naming";

import { parseArgs } from "../args";
import { PlatformNetworkArgs, platformNetworkArgsSchema } from "./args";
import { DEFAULT_INTERFACE_ENDPOINTS, endpointServiceName } from "./endpoints";
import { createFlowLogs } from "./flowLogs";

export * from "./args";
export * from "./endpoints";
export * from "./ipPlan";

/**
 * The platform network: a new VPC (awsx, private or isolated subnets, NAT by config) or an existing one,
 * with the VPC endpoints that let Studio and the pipeline tasks work without internet, and the security
 * groups they use. No security group accepts traffic from 0.0.0.0/0.
 */
export class PlatformNetwork extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    /** Security group of the Studio domain and its apps. */
    readonly studioSecurityGroup: aws.ec2.SecurityGroup;
    /** Security group of Fargate tasks and training jobs: no ingress. */
    readonly workloadSecurityGroup: aws.ec2.SecurityGroup;
    readonly endpointSecurityGroup: aws.ec2.SecurityGroup;
    /** Interface endpoints by suffix (`studio` is the one people may open Studio through). */
    readonly endpoints: Record<string, aws.ec2.VpcEndpoint>;

    constructor(name: string, rawArgs: PlatformNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:PlatformNetwork", name, {}, opts);
        const args = parseArgs(platformNetworkArgsSchema, rawArgs, "PlatformNetwork", name);
        const naming = new Naming(args.prefix, args.environment);
        const ctx = args.context ? pulumi.output(args.context) : lookupAwsContext({ parent: this });
        const child = { parent: this };

        if (args.vpc.mode === "create") {
            const v = args.vpc;
            const withNat = v.natGateways !== "none";
            const vpc = new awsxEc2.Vpc(
                `${name}-vpc`,
                {
                    cidrBlock: v.cidr,
                    numberOfAvailabilityZones: v.availabilityZones,
                    enableDnsHostnames: true,
                    enableDnsSupport: true,
                    natGateways: { strategy: v.natGateways === "none" ? "None" : v.natGateways === "single" ? "Single" : "OnePerAz" },
                    // Without NAT the subnets are isolated: Studio and the tasks reach AWS through endpoints only.
                    subnetSpecs: withNat
                        ? [
                              { type: "Private", cidrMask: v.subnetPrefixLength },
                              { type: "Public", cidrMask: 28 },
                          ]
                        : [{ type: "Isolated", cidrMask: v.subnetPrefixLength }],
                    subnetStrategy: "Auto",
                    tags: { Name: naming.name("vpc") },
                },
                child,
            );
            this.vpcId = vpc.vpcId;
            this.privateSubnetIds = withNat ? vpc.privateSubnetIds : vpc.isolatedSubnetIds;
            // Take over the VPC's default security group and remove AWS's allow-all rules from it.
            new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: this.vpcId, tags: { Name: naming.name("default-sg-unused") } }, child);
            if (args.flowLogs) createFlowLogs(name, { naming, ctx, vpcId: this.vpcId, ...args.flowLogs }, this);
        } else {
            this.vpcId = pulumi.output(args.vpc.vpcId);
            this.privateSubnetIds = pulumi.output(args.vpc.privateSubnetIds);
        }

        const sg = (purpose: string, description: string) =>
            new aws.ec2.SecurityGroup(`${name}-${purpose}`, { name: naming.name(purpose), description, vpcId: this.vpcId }, child);
        this.endpointSecurityGroup = sg("endpoints", "VPC interface endpoints: HTTPS from the platform's security groups only");
        this.studioSecurityGroup = sg("studio", "SageMaker Studio domain: traffic between its own members only");
        this.workloadSecurityGroup = sg("workloads", "Pipeline tasks and training jobs: no ingress");

        const ingress = (ruleName: string, groupId: pulumi.Input<string>, fromGroup: pulumi.Input<string>, fromPort: number, toPort: number, description: string) =>
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-${ruleName}`,
                { securityGroupId: groupId, referencedSecurityGroupId: fromGroup, ipProtocol: "tcp", fromPort, toPort, description },
                child,
            );
        const egress = (ruleName: string, groupId: pulumi.Input<string>, toGroup: pulumi.Input<string>, fromPort: number, toPort: number, description: string) =>
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-${ruleName}`,
                { securityGroupId: groupId, referencedSecurityGroupId: toGroup, ipProtocol: "tcp", fromPort, toPort, description },
                child,
            );
        ingress("endpoints-from-studio", this.endpointSecurityGroup.id, this.studioSecurityGroup.id, 443, 443, "HTTPS from Studio");
        ingress("endpoints-from-workloads", this.endpointSecurityGroup.id, this.workloadSecurityGroup.id, 443, 443, "HTTPS from pipeline tasks and jobs");
        // Studio: NFS to its home EFS and the app ports between its own members (whitepaper: VPC-only mode).
        ingress("studio-nfs", this.studioSecurityGroup.id, this.studioSecurityGroup.id, 2049, 2049, "NFS to the domain's EFS");
        ingress("studio-apps", this.studioSecurityGroup.id, this.studioSecurityGroup.id, 8192, 65535, "Studio app traffic between members");
        egress("studio-to-studio", this.studioSecurityGroup.id, this.studioSecurityGroup.id, 0, 65535, "Studio members and EFS");
        egress("studio-to-endpoints", this.studioSecurityGroup.id, this.endpointSecurityGroup.id, 443, 443, "AWS APIs through the endpoints");
        egress("workloads-to-endpoints", this.workloadSecurityGroup.id, this.endpointSecurityGroup.id, 443, 443, "AWS APIs through the endpoints");
        // Distributed training and processing: the instances of one job talk to each other on all ports.
        for (const [ruleName, Rule] of [["workloads-from-workloads", aws.vpc.SecurityGroupIngressRule], ["workloads-to-workloads", aws.vpc.SecurityGroupEgressRule]] as const) {
            new Rule(`${name}-${ruleName}`, { securityGroupId: this.workloadSecurityGroup.id, referencedSecurityGroupId: this.workloadSecurityGroup.id, ipProtocol: "-1", description: "between instances of a job" }, child);
        }

        // S3 through a gateway endpoint on the route tables (all of a new VPC's; the configured ones of an
        // existing VPC); everything else through interface endpoints.
        const routeTableIds =
            args.vpc.mode === "create" ? aws.ec2.getRouteTablesOutput({ vpcId: this.vpcId }, { parent: this }).ids : args.vpc.routeTableIds;
        const s3PrefixList = routeTableIds
            ? new aws.ec2.VpcEndpoint(
                  `${name}-s3`,
                  {
                      vpcId: this.vpcId,
                      serviceName: ctx.apply((c) => endpointServiceName("s3", c.region)),
                      vpcEndpointType: "Gateway",
                      routeTableIds,
                      tags: { Name: naming.name("s3-endpoint") },
                  },
                  child,
              ).prefixListId
            : aws.ec2.getPrefixListOutput({ name: ctx.apply((c) => endpointServiceName("s3", c.region)) }, { parent: this }).id;
        // Gateway endpoint traffic is addressed to S3's prefix list, so the groups may reach it on 443 too.
        for (const [ruleName, groupId] of [["studio-to-s3", this.studioSecurityGroup.id], ["workloads-to-s3", this.workloadSecurityGroup.id]] as const) {
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-${ruleName}`,
                { securityGroupId: groupId, prefixListId: s3PrefixList, ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "S3 through the gateway endpoint" },
                child,
            );
        }
        if (args.vpc.mode === "create" && args.vpc.natGateways !== "none") {
            // With NAT, Studio users may reach HTTPS package repositories; pipeline tasks stay endpoint-only.
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-studio-https-out`,
                { securityGroupId: this.studioSecurityGroup.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "HTTPS to the internet through the NAT gateways" },
                child,
            );
        }
        this.endpoints = {};
        const endpointAzs = args.endpointAvailabilityZones;
        const endpointSubnetIds = endpointAzs === undefined ? this.privateSubnetIds : this.privateSubnetIds.apply((ids) => ids.slice(0, endpointAzs));
        for (const suffix of args.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS) {
            this.endpoints[suffix] = new aws.ec2.VpcEndpoint(
                `${name}-${suffix.replace(/\./g, "-")}`,
                {
                    vpcId: this.vpcId,
                    serviceName: ctx.apply((c) => endpointServiceName(suffix, c.region)),
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: args.privateDns ?? true,
                    subnetIds: endpointSubnetIds,
                    securityGroupIds: [this.endpointSecurityGroup.id],
                    tags: { Name: naming.name(`${suffix.replace(/\./g, "-")}-endpoint`) },
                },
                child,
            );
        }

        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            studioSecurityGroupId: this.studioSecurityGroup.id,
            workloadSecurityGroupId: this.workloadSecurityGroup.id,
        });
    }
}
