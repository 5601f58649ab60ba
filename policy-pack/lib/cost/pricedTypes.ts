import type { CostResource } from "./estimate";
import { UNKNOWN_INPUT, known, numberInput, objectInput } from "./inputs";

/**
 * What each AWS resource type costs, as lines the estimator prices against the table: fixed (billed per
 * hour or month whatever the use), usage-priced (a unit price times usage values) or no price. One
 * function per type; each reads only the inputs that decide the bill.
 */

export type Line =
    | { kind: "fixed"; description: string; priceKey: string; quantity: number; assumption?: string }
    | { kind: "usage"; description: string; priceKey: string; usageKeys: string[]; perUsage: number }
    | { kind: "noPrice"; description: string; reason: string };

/** Lookups across the stack: children of components, and the resources an input came from. */
export class StackIndex {
    private readonly byUrn = new Map<string, CostResource>();
    private readonly parents = new Set<string>();

    constructor(readonly resources: CostResource[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            if (r.parent) this.parents.add(r.parent);
        }
    }

    hasChildren(urn: string): boolean {
        return this.parents.has(urn);
    }

    /**
     * The resource of `type` an input of `r` refers to: through the input's property dependencies, else by
     * matching the input's value against the `matchBy` inputs (name, arn) of resources of that type.
     */
    referenced(r: CostResource, input: string, type: string, matchBy: string[]): CostResource | undefined {
        for (const urn of r.propertyDependencies?.[input] ?? []) {
            const found = this.byUrn.get(urn);
            if (found?.type === type) return found;
        }
        const value = known(r.inputs[input]);
        if (typeof value !== "string" || value === "") return undefined;
        return this.resources.find((c) => c.type === type && matchBy.some((k) => c.inputs[k] === value));
    }
}

type Pricer = (r: CostResource, index: StackIndex, hoursPerMonth: number) => Line[] | "free";

const fixed = (description: string, priceKey: string, quantity: number, assumption?: string): Line => ({ kind: "fixed", description, priceKey, quantity, ...(assumption ? { assumption } : {}) });
const usage = (description: string, priceKey: string, usageKeys: string[], perUsage = 1): Line => ({ kind: "usage", description, priceKey, usageKeys, perUsage });
const noPrice = (description: string, reason: string): Line => ({ kind: "noPrice", description, reason });

/** An input at a path, through nested objects and JSON text. */
function at(inputs: Record<string, unknown>, ...path: string[]): unknown {
    let value: unknown = inputs;
    for (const key of path) {
        const obj = objectInput(value);
        if (!obj) return value === UNKNOWN_INPUT ? UNKNOWN_INPUT : undefined;
        value = obj[key];
    }
    return value;
}

function interfaceEndpoint(r: CostResource, _index: StackIndex, hours: number): Line[] | "free" {
    const type = r.inputs.vpcEndpointType;
    if (type === UNKNOWN_INPUT) return [noPrice("VPC endpoint", "its endpoint type is unknown until the update")];
    // The provider's default type is Gateway: S3 and DynamoDB gateway endpoints cost nothing.
    if (type === undefined || type === "Gateway") return "free";
    if (type !== "Interface") return [fixed(`${type} endpoint`, "ec2.gatewayLoadBalancerEndpoint.hour", hours)];
    // One network interface per subnet, at most one subnet per AZ: each is billed by the hour.
    const subnets = r.inputs.subnetIds;
    const configs = r.inputs.subnetConfigurations;
    const azs = Array.isArray(subnets) ? subnets.length : Array.isArray(configs) ? configs.length : 0;
    const service = typeof r.inputs.serviceName === "string" && r.inputs.serviceName !== UNKNOWN_INPUT ? ` ${r.inputs.serviceName}` : "";
    const lines: Line[] =
        azs > 0
            ? [fixed(`interface endpoint${service}, ${azs} AZ${azs > 1 ? "s" : ""}`, "ec2.interfaceEndpoint.hour", azs * hours)]
            : [fixed(`interface endpoint${service}, 1 AZ assumed`, "ec2.interfaceEndpoint.hour", hours, "its subnets are unknown until the update: priced for one AZ, the least it can have")];
    return [...lines, usage("data processed", "ec2.interfaceEndpoint.gb", ["dataProcessedGb"])];
}

/** awsx's VPC is a component: its NAT gateways and their addresses appear as children in a real preview. */
function awsxVpc(r: CostResource, index: StackIndex, hours: number): Line[] | "free" {
    if (index.hasChildren(r.urn)) return "free";
    const strategy = known(at(r.inputs, "natGateways", "strategy")) ?? "OnePerAz";
    const specs = known(r.inputs.subnetSpecs);
    // awsx creates NAT gateways only for private subnets routed through public ones (by default it creates both).
    const types = Array.isArray(specs) ? specs.map((s) => objectInput(s)?.type) : ["Public", "Private"];
    const hasPublic = types.includes("Public") && types.includes("Private");
    const names = known(r.inputs.availabilityZoneNames);
    const azs = numberInput(r.inputs.numberOfAvailabilityZones) ?? (Array.isArray(names) ? names.length : 3);
    const nats = !hasPublic || strategy === "None" ? 0 : strategy === "Single" ? 1 : azs;
    if (nats === 0) return "free";
    const where = "(the awsx VPC's, priced from its inputs: its children are not in this stack)";
    const ownIps = Array.isArray(known(at(r.inputs, "natGateways", "elasticIpAllocationIds")));
    return [
        fixed(`${nats} NAT gateway${nats > 1 ? "s" : ""} ${where}`, "ec2.natGateway.hour", nats * hours),
        ...(ownIps ? [] : [fixed(`${nats} public IPv4 address${nats > 1 ? "es" : ""} of the NAT gateways`, "ec2.publicIpv4.hour", nats * hours)]),
        usage("data processed by the NAT gateways", "ec2.natGateway.gb", ["dataProcessedGb"]),
    ];
}

function fargateTaskSize(taskDefinition: CostResource): { vcpu: number; gb: number } | undefined {
    const cpu = numberInput(taskDefinition.inputs.cpu);
    const memory = numberInput(taskDefinition.inputs.memory);
    return cpu !== undefined && memory !== undefined ? { vcpu: cpu / 1024, gb: memory / 1024 } : undefined;
}

function isFargate(taskDefinition: CostResource): boolean {
    const compat = known(taskDefinition.inputs.requiresCompatibilities);
    return Array.isArray(compat) && compat.includes("FARGATE");
}

function taskDefinition(r: CostResource): Line[] | "free" {
    // Tasks on EC2 capacity are billed through their instances.
    if (!isFargate(r)) return "free";
    const size = fargateTaskSize(r);
    if (!size) return [noPrice("Fargate task", "its cpu or memory is not known")];
    return [
        usage(`Fargate ${size.vcpu} vCPU per run-hour`, "fargate.vcpu.hour", ["runsPerMonth", "hoursPerRun"], size.vcpu),
        usage(`Fargate ${size.gb} GB per run-hour`, "fargate.gb.hour", ["runsPerMonth", "hoursPerRun"], size.gb),
    ];
}

function ecsService(r: CostResource, index: StackIndex, hours: number): Line[] | "free" {
    if (known(r.inputs.launchType) !== "FARGATE") return "free";
    const task = index.referenced(r, "taskDefinition", "aws:ecs/taskDefinition:TaskDefinition", ["arn", "family"]);
    const size = task && fargateTaskSize(task);
    if (!size) return [noPrice("Fargate service tasks", "its task definition is not in the stack, so the task size is unknown")];
    const count = numberInput(r.inputs.desiredCount) ?? 1;
    return [
        fixed(`${count} Fargate task(s), ${size.vcpu} vCPU each`, "fargate.vcpu.hour", count * size.vcpu * hours),
        fixed(`${count} Fargate task(s), ${size.gb} GB each`, "fargate.gb.hour", count * size.gb * hours),
    ];
}

function sagemakerEndpoint(r: CostResource, index: StackIndex, hours: number): Line[] {
    const config = index.referenced(r, "endpointConfigName", "aws:sagemaker/endpointConfiguration:EndpointConfiguration", ["name"]);
    if (!config) return [noPrice("SageMaker endpoint instances", "its endpoint configuration is not in the stack")];
    const variants = known(config.inputs.productionVariants);
    if (!Array.isArray(variants)) return [noPrice("SageMaker endpoint instances", "the production variants are unknown")];
    return variants.map((v): Line => {
        const variant = objectInput(v) ?? {};
        const type = known(variant.instanceType);
        if (typeof type !== "string") return noPrice("SageMaker endpoint variant", "serverless or unknown instance type: usage-priced, not in the table");
        const count = numberInput(variant.initialInstanceCount) ?? 1;
        return fixed(`${count} × ${type} endpoint instance${count > 1 ? "s" : ""}`, `sagemaker.hosting.hour:${type}`, count * hours);
    });
}

function rdsInstance(r: CostResource, _index: StackIndex, hours: number): Line[] {
    const engine = known(r.inputs.engine);
    const cls = known(r.inputs.instanceClass);
    const copies = known(r.inputs.multiAz) === true ? 2 : 1;
    const az = copies === 2 ? "Multi-AZ" : "Single-AZ";
    const lines: Line[] =
        typeof engine === "string" && typeof cls === "string"
            ? [fixed(`${engine} ${cls} ${az}`, `rds.instance.hour:${engine}:${cls}`, copies * hours)]
            : [noPrice("RDS instance", "its engine or instance class is unknown")];
    const storage = numberInput(r.inputs.allocatedStorage);
    const storageType = known(r.inputs.storageType) ?? "gp2";
    if (storage !== undefined) {
        lines.push(
            storageType === "gp2" || storageType === "gp3"
                ? fixed(`${storage} GB ${storageType} storage ${az}`, "rds.storage.gp.gbMonth", copies * storage)
                : noPrice(`${storage} GB ${String(storageType)} storage`, `no price for ${String(storageType)} storage in the table`),
        );
    }
    return lines;
}

function auroraInstance(r: CostResource, _index: StackIndex, hours: number): Line[] {
    const engine = known(r.inputs.engine);
    const cls = known(r.inputs.instanceClass);
    if (typeof engine !== "string" || typeof cls !== "string") return [noPrice("Aurora instance", "its engine or instance class is unknown")];
    if (cls === "db.serverless") return [noPrice("Aurora Serverless v2 instance", "billed per ACU-hour used: not in the table")];
    return [fixed(`${engine} ${cls}`, `rds.aurora.hour:${engine}:${cls}`, hours)];
}

function metricAlarm(r: CostResource): Line[] {
    const queries = known(r.inputs.metricQueries);
    const metrics = Array.isArray(queries) ? queries.map(objectInput).filter((q) => q?.metric) : [];
    const periods = [numberInput(r.inputs.period), ...metrics.map((q) => numberInput(objectInput(q!.metric)?.period))];
    const highResolution = periods.some((p) => p !== undefined && p < 60);
    const count = Math.max(metrics.length, 1);
    return [fixed(`alarm on ${count} metric${count > 1 ? "s" : ""}${highResolution ? ", high resolution" : ""}`, highResolution ? "cloudwatch.alarm.highResolution.month" : "cloudwatch.alarm.standard.month", count)];
}

function studioAppHours(instanceType: unknown, description: string): Line[] {
    return typeof instanceType === "string" && instanceType !== "system" && instanceType !== UNKNOWN_INPUT
        ? [usage(`${description} on ${instanceType}`, `sagemaker.studio.hour:${instanceType}`, ["appHours"])]
        : [];
}

export const PRICED_TYPES: Record<string, Pricer> = {
    "aws:ec2/vpcEndpoint:VpcEndpoint": interfaceEndpoint,
    "aws:ec2/natGateway:NatGateway": (_r, _i, hours) => [fixed("NAT gateway", "ec2.natGateway.hour", hours), usage("data processed", "ec2.natGateway.gb", ["dataProcessedGb"])],
    "aws:ec2/eip:Eip": (_r, _i, hours) => [fixed("public IPv4 address", "ec2.publicIpv4.hour", hours)],
    "aws:ec2/instance:Instance": (r, _i, hours) => [
        noPrice(`EC2 instance ${String(known(r.inputs.instanceType) ?? "")}`.trim(), "the table holds no EC2 instance prices"),
        ...(known(r.inputs.associatePublicIpAddress) === true ? [fixed("public IPv4 address", "ec2.publicIpv4.hour", hours)] : []),
    ],
    "awsx:ec2:Vpc": awsxVpc,
    "aws:kms/key:Key": () => [fixed("customer-managed key", "kms.key.month", 1), usage("requests", "kms.requests.10k", ["requests"], 1 / 10_000)],
    "aws:kms/replicaKey:ReplicaKey": () => [fixed("replica key", "kms.key.month", 1)],
    "aws:secretsmanager/secret:Secret": (r) => {
        const replicas = known(r.inputs.replicas);
        const count = 1 + (Array.isArray(replicas) ? replicas.length : 0);
        return [fixed(count > 1 ? `secret and ${count - 1} replica(s)` : "secret", "secretsmanager.secret.month", count), usage("API calls", "secretsmanager.apiCalls.10k", ["apiCalls"], 1 / 10_000)];
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": () => [fixed("composite alarm", "cloudwatch.alarm.composite.month", 1)],
    "aws:cloudwatch/logGroup:LogGroup": () => [usage("ingestion", "cloudwatch.logs.ingestion.gb", ["ingestedGb"]), usage("storage", "cloudwatch.logs.storage.gbMonth", ["storedGb"])],
    "aws:s3/bucket:Bucket": () => s3Usage(),
    "aws:s3/bucketV2:BucketV2": () => s3Usage(),
    "aws:efs/fileSystem:FileSystem": (r) => {
        const lines: Line[] = [usage("Standard storage", "efs.standard.gbMonth", ["storageGb"])];
        const mibps = numberInput(r.inputs.provisionedThroughputInMibps);
        if (known(r.inputs.throughputMode) === "provisioned" && mibps !== undefined) lines.unshift(fixed(`${mibps} MiB/s provisioned throughput`, "efs.provisionedThroughput.mibpsMonth", mibps));
        return lines;
    },
    "aws:ecs/taskDefinition:TaskDefinition": taskDefinition,
    "aws:ecs/service:Service": ecsService,
    "aws:codebuild/project:Project": (r) => {
        const env = objectInput(r.inputs.environment) ?? {};
        const compute = known(env.computeType);
        if (known(env.type) !== "LINUX_CONTAINER" || typeof compute !== "string") return [noPrice("build minutes", "only Linux container builds are in the table")];
        return [usage(`build minutes on ${compute}`, `codebuild.minute:${compute}`, ["buildMinutes"])];
    },
    "aws:ecr/repository:Repository": () => [usage("image storage", "ecr.storage.gbMonth", ["storageGb"])],
    "aws:sfn/stateMachine:StateMachine": (r) =>
        (known(r.inputs.type) ?? "STANDARD") === "STANDARD"
            ? [usage("state transitions", "sfn.standard.transitions.1k", ["transitions"], 1 / 1000)]
            : [noPrice("express workflow", "billed per request and duration: not in the table")],
    "aws:sagemaker/endpoint:Endpoint": sagemakerEndpoint,
    "aws:sagemaker/notebookInstance:NotebookInstance": (r, _i, hours) => [fixed(`notebook instance ${String(known(r.inputs.instanceType))}`, `sagemaker.notebook.hour:${String(known(r.inputs.instanceType))}`, hours)],
    "aws:sagemaker/app:App": (r, _i, hours) => {
        const type = known(at(r.inputs, "resourceSpec", "instanceType"));
        return typeof type === "string" && type !== "system" ? [fixed(`Studio app on ${type}`, `sagemaker.studio.hour:${type}`, hours)] : "free";
    },
    "aws:sagemaker/domain:Domain": (r) => [
        usage("home EFS storage", "efs.standard.gbMonth", ["homeStorageGb"]),
        ...studioAppHours(at(r.inputs, "defaultUserSettings", "jupyterLabAppSettings", "defaultResourceSpec", "instanceType"), "JupyterLab app hours"),
    ],
    "aws:rds/instance:Instance": rdsInstance,
    "aws:rds/clusterInstance:ClusterInstance": auroraInstance,
    "aws:backup/vault:Vault": () => [usage("EFS backup warm storage", "backup.efs.warm.gbMonth", ["storageGb"])],
    "aws:sqs/queue:Queue": () => [usage("requests", "sqs.requests.1m", ["requests"], 1 / 1_000_000)],
    "aws:sns/topic:Topic": () => [usage("publishes", "sns.requests.1m", ["requests"], 1 / 1_000_000)],
    "aws:scheduler/schedule:Schedule": () => [usage("invocations", "scheduler.invocations.1m", ["invocations"], 1 / 1_000_000)],
    "aws:lb/loadBalancer:LoadBalancer": (r, _i, hours) => loadBalancer(r, hours),
    "aws:alb/loadBalancer:LoadBalancer": (r, _i, hours) => loadBalancer(r, hours),
    "aws:ssm/parameter:Parameter": (r) => (known(r.inputs.tier) === "Advanced" ? [fixed("advanced parameter", "ssm.advancedParameter.month", 1)] : "free"),
};

function s3Usage(): Line[] {
    return [
        usage("Standard storage", "s3.standard.gbMonth", ["storageGb"]),
        usage("PUT, COPY, POST, LIST requests", "s3.put.1k", ["putRequests"], 1 / 1000),
        usage("GET requests", "s3.get.1k", ["getRequests"], 1 / 1000),
    ];
}

function loadBalancer(r: CostResource, hours: number): Line[] {
    const type = known(r.inputs.loadBalancerType) ?? "application";
    return type === "gateway" ? [noPrice("Gateway Load Balancer", "not in the table")] : [fixed(`${String(type)} load balancer`, "elb.loadBalancer.hour", hours)];
}

/**
 * AWS types AWS bills nothing for by themselves (configuration, identity, network plumbing), or whose
 * cost is carried by another resource (an endpoint configuration by its endpoint, a flow log by its log
 * group). Any other `aws:` type not priced above is reported as having no price.
 */
export const FREE_TYPES = new Set([
    ...["role", "policy", "rolePolicy", "rolePolicyAttachment", "instanceProfile", "openIdConnectProvider", "serviceLinkedRole", "group", "groupPolicy", "groupPolicyAttachment"].map(
        (t) => `aws:iam/${t}:${t[0].toUpperCase()}${t.slice(1)}`,
    ),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    ...[
        "vpc:Vpc", "subnet:Subnet", "routeTable:RouteTable", "route:Route", "routeTableAssociation:RouteTableAssociation", "internetGateway:InternetGateway",
        "egressOnlyInternetGateway:EgressOnlyInternetGateway", "securityGroup:SecurityGroup", "securityGroupRule:SecurityGroupRule", "defaultSecurityGroup:DefaultSecurityGroup",
        "defaultRouteTable:DefaultRouteTable", "defaultNetworkAcl:DefaultNetworkAcl", "networkAcl:NetworkAcl", "networkAclRule:NetworkAclRule", "flowLog:FlowLog",
        "mainRouteTableAssociation:MainRouteTableAssociation", "vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation", "vpcDhcpOptions:VpcDhcpOptions",
        "vpcDhcpOptionsAssociation:VpcDhcpOptionsAssociation", "keyPair:KeyPair", "launchTemplate:LaunchTemplate",
    ].map((t) => `aws:ec2/${t}`),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:kms/alias:Alias",
    "aws:kms/grant:Grant",
    ...[
        "bucketVersioning:BucketVersioning", "bucketVersioningV2:BucketVersioningV2", "bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "bucketPublicAccessBlock:BucketPublicAccessBlock",
        "bucketOwnershipControls:BucketOwnershipControls", "bucketPolicy:BucketPolicy", "bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "bucketLogging:BucketLogging", "bucketLoggingV2:BucketLoggingV2", "bucketAcl:BucketAcl",
        "bucketAclV2:BucketAclV2", "accountPublicAccessBlock:AccountPublicAccessBlock", "bucketNotification:BucketNotification", "bucketCorsConfiguration:BucketCorsConfiguration",
        "bucketCorsConfigurationV2:BucketCorsConfigurationV2",
    ].map((t) => `aws:s3/${t}`),
    "aws:sns/topicPolicy:TopicPolicy",
    "aws:sns/topicSubscription:TopicSubscription",
    "aws:sqs/queuePolicy:QueuePolicy",
    "aws:sqs/redrivePolicy:RedrivePolicy",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy",
    // Container Insights metrics are billed as CloudWatch custom metrics, by use.
    "aws:ecs/cluster:Cluster",
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    // Events from AWS services are free; custom events are usage-priced (not in the table).
    "aws:cloudwatch/eventRule:EventRule",
    "aws:cloudwatch/eventTarget:EventTarget",
    "aws:cloudwatch/logStream:LogStream",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
    "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    "aws:secretsmanager/secretVersion:SecretVersion",
    "aws:secretsmanager/secretPolicy:SecretPolicy",
    "aws:secretsmanager/secretRotation:SecretRotation",
    // SageMaker bills the instances (apps, endpoints, jobs), not the configuration around them.
    ...["userProfile:UserProfile", "space:Space", "appImageConfig:AppImageConfig", "image:Image", "imageVersion:ImageVersion", "codeRepository:CodeRepository",
        "modelPackageGroup:ModelPackageGroup", "model:Model", "endpointConfiguration:EndpointConfiguration", "studioLifecycleConfig:StudioLifecycleConfig"].map((t) => `aws:sagemaker/${t}`),
    "aws:scheduler/scheduleGroup:ScheduleGroup",
    "aws:backup/plan:Plan",
    "aws:backup/selection:Selection",
    "aws:backup/vaultPolicy:VaultPolicy",
    "aws:backup/vaultNotifications:VaultNotifications",
    // The first five active users of an account are free.
    "aws:codecommit/repository:Repository",
    "aws:codebuild/webhook:Webhook",
    "aws:efs/mountTarget:MountTarget",
    "aws:efs/accessPoint:AccessPoint",
    "aws:efs/fileSystemPolicy:FileSystemPolicy",
    "aws:efs/backupPolicy:BackupPolicy",
    "aws:lambda/permission:Permission",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:rds/parameterGroup:ParameterGroup",
    "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    "aws:lb/listener:Listener",
    "aws:lb/targetGroup:TargetGroup",
    "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    "aws:lb/listenerRule:ListenerRule",
]);
