import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { input, logRetentionDaysSchema } from "../args";
import { AwsContext } from "../naming";

/**
 * The arguments of PlatformNetwork, as zod schemas: the network a stack configures (`mlplatform:network`)
 * and what the component takes, built from the same field schemas so each rule is written once.
 */

const CIDR_VPC = /^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const ROUTE_TABLE_ID = /^rtb-[0-9a-f]{8,17}$/;

/** NAT gateways: none (dev: endpoints only), single, or one per AZ (awsx's default, costly). */
export const natStrategySchema = z.enum(["none", "single", "perAz"], { error: "none (endpoints only), single, or perAz" });
export type NatStrategy = z.infer<typeof natStrategySchema>;

const endpointAzs = "1 to 3: the AZs (first subnets) the interface endpoints are in";
/** Fields every network mode shares: the interface endpoints and their placement. */
const endpointFields = {
    /** Interface endpoint suffixes; an S3 gateway endpoint is added too (see routeTableIds for existing VPCs). */
    interfaceEndpoints: z.array(z.string().regex(/^[a-z0-9.-]+$/), { error: "a list of endpoint service suffixes such as sagemaker.api" }).optional(),
    /**
     * How many AZs the interface endpoints have a network interface in (the first N private subnets; default
     * all). Each endpoint is billed per AZ-hour: dev uses one, and reaches it from the other AZ's subnet
     * (cross-AZ, and down while that AZ is).
     */
    endpointAvailabilityZones: z.number().int({ error: endpointAzs }).min(1, { error: endpointAzs }).max(3, { error: endpointAzs }).optional(),
    /**
     * Private DNS on the interface endpoints (default true). Turn it off when the VPC's DNS already
     * resolves these services to endpoints the organisation runs centrally.
     */
    privateDns: z.boolean().optional(),
};

/**
 * What a new VPC gets when the caller says nothing (the stack's configuration overrides the AZs per
 * environment: ENVIRONMENT_DEFAULTS in stacks/config.ts).
 */
export const CREATE_VPC_DEFAULTS = { availabilityZones: 2, natGateways: "none", subnetPrefixLength: 22 } as const;

/** A new VPC: CIDR, AZs, NAT strategy and subnet size. */
const createVpcFields = {
    mode: z.literal("create"),
    /** VPC CIDR, e.g. `10.20.0.0/16`. */
    cidr: z.string({ error: "a VPC CIDR such as 10.20.0.0/16 (required)" }).regex(CIDR_VPC, { error: "an IPv4 CIDR with a prefix from /16 to /24, e.g. 10.20.0.0/16" }),
    /** Availability zones (2 or 3); one private subnet in each. */
    availabilityZones: z.number().int().min(2, { error: "2 or 3 availability zones" }).max(3, { error: "2 or 3 availability zones" }),
    /** NAT gateways: none (dev: endpoints only), single, or one per AZ (awsx's default, costly). */
    natGateways: natStrategySchema,
    /** Prefix length of each private subnet (sized by the IP plan). */
    subnetPrefixLength: z.number().int().min(16, { error: "a prefix length from 16 to 28" }).max(28, { error: "a prefix length from 16 to 28" }),
};

/** The platform network a stack configures: a VPC the program creates, or an existing one (common in regulated organisations). */
export const networkConfigSchema = z.preprocess(
    // Without a mode, a map naming a VPC means an existing VPC (the first form this key had).
    (v) => (v && typeof v === "object" && !Array.isArray(v) && !("mode" in v) ? { ...v, mode: "existing" } : v),
    z.discriminatedUnion(
        "mode",
        [
            z.strictObject({
                ...createVpcFields,
                availabilityZones: createVpcFields.availabilityZones.optional(),
                natGateways: createVpcFields.natGateways.optional(),
                subnetPrefixLength: createVpcFields.subnetPrefixLength.optional(),
                ...endpointFields,
            }),
            z.strictObject({
                mode: z.literal("existing"),
                /** Route tables for the S3 gateway endpoint; omit when the VPC has one already. */
                routeTableIds: z.array(z.string().regex(ROUTE_TABLE_ID, { error: "a route table ID such as rtb-0a1b2c3d" })).optional(),
                /** The subnets' CIDRs, so their size can be checked against the Studio IP plan. */
                privateSubnetCidrs: z.array(z.string(), { error: "the CIDRs of privateSubnetIds, in the same order" }).optional(),
                vpcId: z.string({ error: "a VPC ID such as vpc-0a1b2c3d (required)" }).regex(VPC_ID, { error: "a VPC ID such as vpc-0a1b2c3d" }),
                /** Private subnets (at least two, in different AZs). */
                privateSubnetIds: z
                    .array(z.string().regex(SUBNET_ID, { error: "a subnet ID such as subnet-0a1b2c3d" }), { error: "a list of subnet IDs (required)" })
                    .min(2, { error: "at least two private subnets, in different availability zones" })
                    .refine((a) => new Set(a).size === a.length, { error: "distinct subnet IDs" }),
                ...endpointFields,
            }),
        ],
        { error: 'mode "create" (with cidr) or "existing" (with vpcId and privateSubnetIds)' },
    ),
);
/** `mlplatform:network` as configured (the stack fills in the defaults that depend on the environment). */
export type NetworkConfigInput = z.infer<typeof networkConfigSchema>;

/** The arguments of PlatformNetwork. */
export const platformNetworkArgsSchema = z.object({
    prefix: z.string({ error: "the platform's name prefix, e.g. sefaz-ml (required)" }),
    environment: z.string({ error: "the environment name, e.g. dev (required)" }),
    vpc: z.discriminatedUnion(
        "mode",
        [
            z.object({
                ...createVpcFields,
                availabilityZones: createVpcFields.availabilityZones.default(CREATE_VPC_DEFAULTS.availabilityZones),
                natGateways: createVpcFields.natGateways.default(CREATE_VPC_DEFAULTS.natGateways),
                subnetPrefixLength: createVpcFields.subnetPrefixLength.default(CREATE_VPC_DEFAULTS.subnetPrefixLength),
            }),
            z.object({
                mode: z.literal("existing"),
                vpcId: input<string>("the VPC ID"),
                privateSubnetIds: z.array(input<string>("a subnet ID"), { error: "a list of subnet IDs" }),
                /**
                 * Route tables to attach an S3 gateway endpoint to. Omit when the VPC already routes S3 through one
                 * (a second endpoint on the same route table fails with RouteAlreadyExists).
                 */
                routeTableIds: z.array(input<string>("a route table ID")).optional(),
            }),
        ],
        { error: 'mode "create" (with cidr) or "existing" (with vpcId and privateSubnetIds)' },
    ),
    ...endpointFields,
    /** Record the new VPC's traffic in an encrypted log group (create mode). */
    flowLogs: z.object({ retentionInDays: logRetentionDaysSchema, kmsKeyArn: input<string>("the KMS key ARN of the flow-log group") }).optional(),
    context: z.custom<pulumi.Input<AwsContext>>().optional(),
});

/** What a caller passes to PlatformNetwork. */
export type PlatformNetworkArgs = z.input<typeof platformNetworkArgsSchema>;
