import { ProviderMeta, UNKNOWN, checkInputs, plannedState, shortHash } from "./providerCheck";

/**
 * awsx:ec2:Vpc is a remote component: in a real run the awsx provider creates its children (VPC, subnets,
 * route tables and associations, routes, internet gateway, NAT gateways and EIPs), and the engine
 * analyses each of them. Under mocks the component is registered but its children never are, so they
 * are reproduced here, following awsx's own `Vpc.initialize` (pulumi/pulumi-awsx awsx/ec2/vpc.ts, the
 * v3 line the project pins): names (`<vpc>-<type>-<az#>`, subnetNaming.ts), parents, NAT strategy
 * (`shouldCreateNatGateway`), public subnets first (`compareSubnetSpecs`), tags (`Name` + the component's
 * tags), and the component's AWS provider. Not reproduced: VPC endpoints from `vpcEndpointSpecs` and
 * IPv6 (reported as notices), and exact CIDRs (allocated in order per AZ; no policy reads them).
 */

export interface AwsxSubnet {
    resourceName: string;
    type: "Public" | "Private" | "Isolated";
    azName: string;
    azIndex: number;
    cidrBlock: string;
    id: string;
}

export interface AwsxVpcLayout {
    vpcId: string;
    azNames: string[];
    natStrategy: string;
    subnets: AwsxSubnet[];
}

interface SubnetSpecInput {
    type: string;
    cidrMask?: number;
    name?: string;
}

function ipv4(text: string): { base: number; mask: number } {
    const [addr, mask] = text.split("/");
    const base = addr.split(".").reduce((n, part) => n * 256 + Number(part), 0);
    return { base, mask: Number(mask) };
}

function cidr(base: number, mask: number): string {
    return `${[24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join(".")}/${mask}`;
}

/** The layout awsx derives from the component's inputs and the region's availability zones. */
export function awsxVpcLayout(name: string, inputs: Record<string, unknown>, region: string): AwsxVpcLayout {
    const azNames = Array.isArray(inputs.availabilityZoneNames)
        ? (inputs.availabilityZoneNames as string[])
        : Array.from({ length: Number(inputs.numberOfAvailabilityZones ?? 3) }, (_, i) => `${region}${String.fromCharCode(97 + i)}`);
    const specs: SubnetSpecInput[] = Array.isArray(inputs.subnetSpecs) && inputs.subnetSpecs.length > 0 ? (inputs.subnetSpecs as SubnetSpecInput[]) : [{ type: "Private" }, { type: "Public" }];
    const vpcCidr = typeof inputs.cidrBlock === "string" && inputs.cidrBlock !== UNKNOWN ? inputs.cidrBlock : "10.0.0.0/16";
    const { base, mask: vpcMask } = ipv4(vpcCidr);
    const defaultMask = vpcMask + Math.ceil(Math.log2(azNames.length * specs.length));
    let next = base;
    const subnets: AwsxSubnet[] = [];
    azNames.forEach((azName, azIndex) => {
        for (const spec of specs) {
            const mask = Number(spec.cidrMask ?? defaultMask);
            const size = 2 ** (32 - mask);
            next = Math.ceil(next / size) * size;
            const type = (spec.type[0].toUpperCase() + spec.type.slice(1).toLowerCase()) as AwsxSubnet["type"];
            const resourceName = `${name}-${spec.name ?? type.toLowerCase()}-${azIndex + 1}`;
            subnets.push({ resourceName, type, azName, azIndex, cidrBlock: cidr(next, mask), id: `subnet-${shortHash(resourceName)}${shortHash(resourceName + "s").slice(0, 9)}` });
            next += size;
        }
    });
    const strategy = String((inputs.natGateways as { strategy?: string } | undefined)?.strategy ?? "OnePerAz");
    return { vpcId: `vpc-${shortHash(name)}${shortHash(name + "v").slice(0, 9)}`, azNames, natStrategy: strategy, subnets };
}

/** The component's outputs, consistent with the children reproduced below. */
export function awsxVpcOutputs(name: string, inputs: Record<string, unknown>, region: string): Record<string, unknown> {
    const layout = awsxVpcLayout(name, inputs, region);
    const ids = (type: string) => layout.subnets.filter((s) => s.type === type).map((s) => s.id);
    return { vpcId: layout.vpcId, privateSubnetIds: ids("Private"), publicSubnetIds: ids("Public"), isolatedSubnetIds: ids("Isolated") };
}

export interface ChildSpec {
    type: string;
    name: string;
    /** Name of the parent: the component itself (undefined) or an earlier child. */
    parent?: string;
    inputs: Record<string, unknown>;
    /** Input property -> names of the children it references. */
    refs: Record<string, string[]>;
    /** Physical id and ARN, when the policies match on them (the VPC's and subnets'). */
    id?: string;
}

const SPEC_ORDER: Record<string, number> = { Public: 0, Private: 1, Isolated: 2 };

/** The children awsx's Vpc.initialize registers, in its order, with their inputs as the program-side SDK sends them. */
export function awsxVpcChildSpecs(name: string, inputs: Record<string, unknown>, region: string, preview: boolean): { children: ChildSpec[]; notReproduced: string[] } {
    const layout = awsxVpcLayout(name, inputs, region);
    const tags = (inputs.tags ?? {}) as Record<string, unknown>;
    const shared = { Name: name, ...tags };
    const ref = (child: string, id: string) => (preview ? UNKNOWN : id);
    const children: ChildSpec[] = [];
    const vpcInputs: Record<string, unknown> = { cidrBlock: inputs.cidrBlock, tags: shared };
    for (const key of ["enableDnsHostnames", "enableDnsSupport", "instanceTenancy", "region", "assignGeneratedIpv6CidrBlock"]) if (inputs[key] !== undefined) vpcInputs[key] = inputs[key];
    children.push({ type: "aws:ec2/vpc:Vpc", name, inputs: vpcInputs, refs: {}, id: layout.vpcId });
    const vpcId = ref(name, layout.vpcId);
    const igwId = `igw-${shortHash(name)}`;
    children.push({ type: "aws:ec2/internetGateway:InternetGateway", name, parent: name, inputs: { vpcId, tags: shared }, refs: { vpcId: [name] }, id: igwId });
    const nats: string[] = [];
    layout.azNames.forEach((_, i) => {
        const specs = layout.subnets.filter((s) => s.azIndex === i).sort((a, b) => SPEC_ORDER[a.type] - SPEC_ORDER[b.type]);
        for (const s of specs) {
            const subnetTags = { ...shared, Name: s.resourceName, SubnetType: s.type };
            children.push({
                type: "aws:ec2/subnet:Subnet",
                name: s.resourceName,
                parent: name,
                inputs: { vpcId, availabilityZone: s.azName, mapPublicIpOnLaunch: s.type === "Public", cidrBlock: s.cidrBlock, assignIpv6AddressOnCreation: false, tags: subnetTags },
                refs: { vpcId: [name] },
                id: s.id,
            });
            const rtKey = `rt:${s.resourceName}`;
            children.push({ type: "aws:ec2/routeTable:RouteTable", name: s.resourceName, parent: `subnet:${s.resourceName}`, inputs: { vpcId, tags: { ...shared, Name: s.resourceName, SubnetType: s.type } }, refs: { vpcId: [name] } });
            children.push({
                type: "aws:ec2/routeTableAssociation:RouteTableAssociation",
                name: s.resourceName,
                parent: rtKey,
                inputs: { routeTableId: ref(rtKey, `rtb-${shortHash(s.resourceName)}`), subnetId: ref(s.resourceName, s.id) },
                refs: { routeTableId: [rtKey], subnetId: [`subnet:${s.resourceName}`] },
            });
            const strategy = layout.natStrategy.toLowerCase();
            if (s.type === "Public" && (strategy === "single" ? nats.length < 1 : strategy === "oneperaz" ? nats.length < i + 1 : false)) {
                const natName = `${name}-${i + 1}`;
                children.push({ type: "aws:ec2/eip:Eip", name: natName, parent: `subnet:${s.resourceName}`, inputs: { tags: { ...tags, Name: natName } }, refs: {} });
                children.push({
                    type: "aws:ec2/natGateway:NatGateway",
                    name: natName,
                    parent: `subnet:${s.resourceName}`,
                    inputs: { subnetId: ref(s.resourceName, s.id), allocationId: ref(natName, `eipalloc-${shortHash(natName)}`), tags: { ...tags, Name: natName } },
                    refs: { subnetId: [`subnet:${s.resourceName}`], allocationId: [`eip:${natName}`] },
                });
                nats.push(natName);
            }
            if (s.type === "Public") {
                children.push({ type: "aws:ec2/route:Route", name: s.resourceName, parent: rtKey, inputs: { routeTableId: ref(rtKey, `rtb-${shortHash(s.resourceName)}`), gatewayId: ref(name, igwId), destinationCidrBlock: "0.0.0.0/0" }, refs: { routeTableId: [rtKey], gatewayId: [`igw:${name}`] } });
            } else if (s.type === "Private" && layout.natStrategy.toLowerCase() !== "none") {
                const nat = layout.natStrategy.toLowerCase() === "single" ? nats[0] : nats[i];
                if (nat) {
                    children.push({ type: "aws:ec2/route:Route", name: s.resourceName, parent: rtKey, inputs: { routeTableId: ref(rtKey, `rtb-${shortHash(s.resourceName)}`), natGatewayId: ref(nat, `nat-${shortHash(nat)}`), destinationCidrBlock: "0.0.0.0/0" }, refs: { routeTableId: [rtKey], natGatewayId: [`nat:${nat}`] } });
                }
            }
        }
    });
    const notReproduced: string[] = [];
    if (Array.isArray(inputs.vpcEndpointSpecs) && inputs.vpcEndpointSpecs.length > 0) notReproduced.push(`${inputs.vpcEndpointSpecs.length} VPC endpoint(s) from vpcEndpointSpecs`);
    if (inputs.assignGeneratedIpv6CidrBlock === true) notReproduced.push("IPv6 CIDRs of the subnets");
    return { children, notReproduced };
}

/** Key by which a child spec is referenced in `parent` and `refs`: the VPC and IGW by name, others by kind. */
export function childKey(spec: ChildSpec, vpcName: string): string {
    const kind = spec.type.split(":").pop()!;
    if (kind === "Vpc") return vpcName;
    const short: Record<string, string> = { Subnet: "subnet", RouteTable: "rt", Eip: "eip", NatGateway: "nat", InternetGateway: "igw", RouteTableAssociation: "rta", Route: "route" };
    return `${short[kind] ?? kind}:${spec.name}`;
}

/** The child's checked inputs and outputs (planned state in preview), with its id and ARN where known. */
export function childState(spec: ChildSpec, meta: ProviderMeta, region: string, account: string, preview: boolean): { inputs: Record<string, unknown>; outputs: Record<string, unknown> } {
    const inputs = checkInputs(spec.type, spec.name, spec.inputs, meta);
    if (preview) return { inputs, outputs: plannedState(spec.type, inputs) };
    const kind = spec.type.split(":").pop()!;
    const id = spec.id ?? `${kind.toLowerCase()}-${shortHash(spec.type + spec.name)}`;
    const resourceKind = kind.replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase());
    return { inputs, outputs: { ...inputs, id, arn: `arn:aws:ec2:${region}:${account}:${resourceKind}/${id}` } };
}
