import { StackValidationPolicy } from "@pulumi/policy";
import { LinkIndex } from "../lib/links";
import { resourceCheck } from "../lib/resourceCheck";
import { DEFAULT_PRODUCTION_ENVIRONMENTS, describe, environmentOf, isSet, isUnknown, maybeJson, whenKnown } from "../lib/values";

/**
 * SageMaker guardrails from the Studio administration whitepaper. No public policy tool checks a Studio
 * domain's network mode, security groups, roles or idle settings; these do.
 */

const DOMAIN = "aws:sagemaker/domain:Domain";
const USER_PROFILE = "aws:sagemaker/userProfile:UserProfile";
const SPACE = "aws:sagemaker/space:Space";

/** The whitepaper's example allow-list, plus `system` (the default Jupyter server's instance type). */
export const DEFAULT_ALLOWED_INSTANCE_TYPES = ["system", "ml.t3.medium", "ml.m5.large", "ml.c5.large"];

export const domainVpcOnly = resourceCheck({
    name: "sagemaker-domain-vpc-only",
    description: "SageMaker Studio domains run VpcOnly, so apps reach nothing the VPC does not route.",
    severity: "critical",
    types: [DOMAIN],
    check: (props, report) => {
        if (props.appNetworkAccessType !== "VpcOnly") {
            report(
                `has appNetworkAccessType ${props.appNetworkAccessType ?? "PublicInternetOnly (the default)"}`,
                'set appNetworkAccessType: "VpcOnly" with private subnets and VPC endpoints (this replaces the domain: plan the migration of home directories)',
            );
        }
    },
});

export const domainKms = resourceCheck({
    name: "sagemaker-domain-kms",
    description: "SageMaker Studio domains encrypt their home EFS and app volumes with a customer-managed KMS key.",
    severity: "high",
    types: [DOMAIN],
    check: (props, report) => {
        if (!isSet(() => props.kmsKeyId)) report("has no KMS key for its EFS and EBS volumes", "set kmsKeyId to a customer-managed key ARN (fixed at creation: this replaces the domain)");
    },
});

export const domainSecurityGroups = resourceCheck({
    name: "sagemaker-domain-security-groups",
    description: "SageMaker Studio domains name the security groups of their apps.",
    severity: "high",
    types: [DOMAIN],
    check: (props, report) => {
        if (!isSet(() => props.defaultUserSettings?.securityGroups)) {
            report("names no security groups for its apps", "set defaultUserSettings.securityGroups (and domainSettings.securityGroupIds) to the Studio security group");
        }
    },
});

export const domainDefaultExecutionRole = resourceCheck({
    name: "sagemaker-domain-default-execution-role",
    description: "SageMaker Studio domains set a default execution role, so no profile runs without one.",
    severity: "medium",
    types: [DOMAIN],
    check: (props, report) => {
        if (!isSet(() => props.defaultUserSettings?.executionRole)) report("has no default execution role", "set defaultUserSettings.executionRole to a persona execution role ARN");
    },
});

export const domainProtectedInProduction = resourceCheck({
    name: "sagemaker-domain-protected-in-prod",
    description: "Production Studio domains are protected: a change of VPC, subnets, auth mode or key replaces the domain and its EFS.",
    severity: "high",
    types: [DOMAIN],
    configSchema: {
        properties: {
            productionEnvironments: { type: "array", items: { type: "string" }, default: DEFAULT_PRODUCTION_ENVIRONMENTS, description: "Values of the environment tag that mean production." },
        },
    },
    check: (props, report, args) => {
        const production = args.getConfig<{ productionEnvironments?: string[] }>().productionEnvironments ?? DEFAULT_PRODUCTION_ENVIRONMENTS;
        const environment = environmentOf(props, args.provider);
        if (environment !== undefined && production.includes(environment) && !args.opts.protect) {
            report("is a production domain without protect", "create it with the resource option { protect: true } so pulumi destroy and replacements stop before deleting home directories");
        }
    },
});

export const domainSharingEncrypted = resourceCheck({
    name: "sagemaker-sharing-output-encrypted",
    description: "When Studio notebook sharing is allowed, the shared output is encrypted with a KMS key.",
    severity: "high",
    types: [DOMAIN, USER_PROFILE],
    check: (props, report) => {
        const settings = props.defaultUserSettings ?? props.userSettings;
        const sharing = settings?.sharingSettings;
        if (sharing?.notebookOutputOption === "Allowed" && !isSet(() => sharing.s3KmsKeyId)) {
            report("allows notebook sharing without encrypting the shared output", 'set sharingSettings.s3KmsKeyId to a KMS key ARN, or notebookOutputOption: "Disabled"');
        }
    },
});

/** Default resource specs of Studio apps in a domain, profile or space's settings. */
function appInstanceTypes(settings: Record<string, any> | undefined): Array<[string, string]> {
    if (!settings) return [];
    return ["jupyterServerAppSettings", "jupyterLabAppSettings", "kernelGatewayAppSettings", "codeEditorAppSettings", "tensorBoardAppSettings"]
        .map((app) => [app, settings[app]?.defaultResourceSpec?.instanceType] as [string, string])
        .filter(([, t]) => typeof t === "string");
}

export const appInstanceTypesAllowed = resourceCheck({
    name: "sagemaker-app-instance-types-allowed",
    description: "Studio apps default to instance types in the organisation's allow-list (which includes system).",
    severity: "medium",
    types: [DOMAIN, USER_PROFILE, SPACE],
    configSchema: {
        properties: {
            allowedInstanceTypes: { type: "array", items: { type: "string" }, default: DEFAULT_ALLOWED_INSTANCE_TYPES, description: "Instance types Studio apps may use." },
        },
    },
    check: (props, report, args) => {
        const allowed = args.getConfig<{ allowedInstanceTypes?: string[] }>().allowedInstanceTypes ?? DEFAULT_ALLOWED_INSTANCE_TYPES;
        const settings = [props.defaultUserSettings, props.defaultSpaceSettings, props.userSettings, props.spaceSettings];
        for (const [app, type] of settings.flatMap(appInstanceTypes)) {
            if (!allowed.includes(type)) report(`defaults ${app} to ${type}, outside the allow-list`, `use one of ${allowed.join(", ")}, or add ${type} to the pack's allowedInstanceTypes`);
        }
    },
});

export const userProfileRoleAndTag = resourceCheck({
    name: "sagemaker-user-profile-role-and-tag",
    description: "Studio user profiles name their execution role and carry the studiouserid tag the launch policy matches.",
    severity: "high",
    types: [USER_PROFILE],
    check: (props, report, args) => {
        if (!isSet(() => props.userSettings?.executionRole)) report("has no execution role of its own", "set userSettings.executionRole to the user's persona role");
        const tags = (props.tags ?? {}) as Record<string, string>;
        if (!tags.studiouserid) {
            report("has no studiouserid tag, so nothing stops another user opening it", `set tags.studiouserid to the user's id (e.g. "${args.name}")`);
        }
    },
});

export const appImageConfigNonRoot = resourceCheck({
    name: "sagemaker-app-image-config-non-root",
    description: "Custom Studio images run as UID/GID 1000/100 (non-root); 0/0 only where the pack allows it.",
    severity: "high",
    types: ["aws:sagemaker/appImageConfig:AppImageConfig"],
    configSchema: { properties: { allowRoot: { type: "boolean", default: false, description: "Accept images that run as root (UID/GID 0/0)." } } },
    check: (props, report, args) => {
        const allowRoot = args.getConfig<{ allowRoot?: boolean }>().allowRoot ?? false;
        for (const kind of ["kernelGatewayImageConfig", "jupyterLabImageConfig", "codeEditorAppImageConfig"]) {
            const fs = props[kind]?.fileSystemConfig;
            const uid = fs?.defaultUid ?? (fs ? 1000 : undefined);
            const gid = fs?.defaultGid ?? (fs ? 100 : undefined);
            if (uid === undefined) continue;
            const root = uid === 0 && gid === 0;
            if ((root && !allowRoot) || (!root && !(uid === 1000 && gid === 100))) {
                report(`runs ${kind} as UID/GID ${uid}/${gid}`, "set fileSystemConfig.defaultUid 1000 and defaultGid 100 and build the image for that user");
            }
        }
    },
});

/**
 * ML instance families whose volumes are local NVMe instance storage, encrypted by a hardware module:
 * CreateEndpointConfig fails if a KmsKeyId is given for them. The EC2 naming rule covers most (a "d"
 * among the attribute letters after the generation: m5d, c6id, g4dn, p4d, p3dn); the rest are listed.
 */
const LOCAL_STORAGE_FAMILY = /^(?:[a-z]+\d+[a-z]*d[a-z]*|g5|g6|g6e|gr6|p5|p5e|p5en|p6-b200|trn1|trn1n|trn2)$/;

/** True for an `ml.<family>.<size>` instance type with local instance storage. */
export function hasLocalInstanceStorage(instanceType: unknown): boolean {
    const family = typeof instanceType === "string" ? instanceType.split(".")[1] : undefined;
    return !!family && LOCAL_STORAGE_FAMILY.test(family);
}

export const endpointConfigKms = resourceCheck({
    name: "sagemaker-endpoint-config-kms",
    description: "SageMaker endpoint configurations encrypt their volumes (where the instance type has no local storage) and any captured data with KMS.",
    severity: "high",
    types: ["aws:sagemaker/endpointConfiguration:EndpointConfiguration"],
    check: (props, report) => {
        // AWS encrypts instance-store volumes in hardware and rejects a KmsKeyId when any variant uses one.
        const localStorage = ((props.productionVariants ?? []) as any[]).some((v) => hasLocalInstanceStorage(v?.instanceType));
        if (!localStorage && !isSet(() => props.kmsKeyArn)) report("does not encrypt its instance volumes", "set kmsKeyArn to a customer-managed key ARN");
        const capture = props.dataCaptureConfig;
        // No IAM condition key covers data capture: this check is the only preventive control.
        if (capture && capture.enableCapture !== false && !isSet(() => capture.kmsKeyId)) {
            report("captures request data without encrypting it", "set dataCaptureConfig.kmsKeyId to a customer-managed key ARN");
        }
    },
});

export const notebookInstanceHardened = resourceCheck({
    name: "sagemaker-notebook-instance-hardened",
    description: "SageMaker notebook instances run in a subnet, without direct internet or root access, with KMS.",
    severity: "high",
    types: ["aws:sagemaker/notebookInstance:NotebookInstance"],
    check: (props, report) => {
        if ((props.directInternetAccess ?? "Enabled") !== "Disabled") report("has direct internet access", 'set directInternetAccess: "Disabled" and reach AWS through VPC endpoints');
        if ((props.rootAccess ?? "Enabled") !== "Disabled") report("gives users root access", 'set rootAccess: "Disabled"');
        if (!isSet(() => props.kmsKeyId)) report("has an unencrypted volume", "set kmsKeyId to a customer-managed key ARN");
        if (!isSet(() => props.subnetId)) report("is not in a subnet of the platform VPC", "set subnetId and securityGroups");
    },
});

export const modelIsolated = resourceCheck({
    name: "sagemaker-model-network-isolation",
    description: "SageMaker models run with network isolation or inside a VPC.",
    severity: "medium",
    types: ["aws:sagemaker/model:Model"],
    check: (props, report) => {
        if (props.enableNetworkIsolation !== true && !isSet(() => props.vpcConfig)) {
            report("can reach the internet from its containers", "set enableNetworkIsolation: true, or vpcConfig with private subnets");
        }
    },
});

export const efsEncrypted = resourceCheck({
    name: "efs-encrypted",
    description: "EFS file systems are encrypted at rest, with a customer-managed key.",
    severity: "high",
    types: ["aws:efs/fileSystem:FileSystem"],
    check: (props, report) => {
        if (props.encrypted !== true) report("is not encrypted at rest", "set encrypted: true and kmsKeyId (fixed at creation)");
        else if (!isSet(() => props.kmsKeyId)) report("uses the AWS-managed EFS key", "set kmsKeyId to a customer-managed key ARN");
    },
});

const OPEN = ["0.0.0.0/0", "::/0"];

export const securityGroupNoPublicIngress = resourceCheck({
    name: "security-group-no-public-ingress",
    description: "No security group accepts traffic from 0.0.0.0/0 or ::/0.",
    severity: "critical",
    types: ["aws:ec2/securityGroup:SecurityGroup", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ec2/securityGroupRule:SecurityGroupRule"],
    check: (props, report, args) => {
        const fix = "allow only named security groups or your own CIDR ranges, and reach the workload through a load balancer or VPC endpoint";
        if (args.type === "aws:ec2/securityGroup:SecurityGroup") {
            for (const rule of (props.ingress ?? []) as any[]) {
                const open = [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])].filter((c: string) => OPEN.includes(c));
                if (open.length) report(`accepts ports ${rule.fromPort}-${rule.toPort} from ${open.join(", ")}`, fix);
            }
        } else if (args.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
            const open = [props.cidrIpv4, props.cidrIpv6].filter((c) => OPEN.includes(c));
            if (open.length) report(`accepts ports ${props.fromPort ?? "all"}-${props.toPort ?? "all"} from ${open.join(", ")}`, fix);
        } else if (props.type === "ingress") {
            const open = [...(props.cidrBlocks ?? []), ...(props.ipv6CidrBlocks ?? [])].filter((c: string) => OPEN.includes(c));
            if (open.length) report(`accepts ports ${props.fromPort}-${props.toPort} from ${open.join(", ")}`, fix);
        }
    },
});

/**
 * Shared spaces run as the domain's default space execution role; a space in a domain without one fails
 * to start. A stack policy: each space is judged with the domain its `domainId` comes from.
 */
export const spaceNeedsDefaultSpaceRole: StackValidationPolicy = {
    name: "sagemaker-space-needs-default-space-role",
    description: "Studio spaces belong to domains that set a default space execution role.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: (args, reportViolation) => {
        const spaces = args.resources.filter((r) => r.type === SPACE);
        if (spaces.length === 0) return;
        const links = new LinkIndex(args.resources, [DOMAIN], [SPACE], "domainId", ["id", "domainId"]);
        for (const domain of args.resources.filter((r) => r.type === DOMAIN)) {
            const role = whenKnown(() => (maybeJson(domain.props.defaultSpaceSettings) as any)?.executionRole);
            if (role) continue;
            if (isUnknown(() => domain.props.defaultSpaceSettings)) continue;
            for (const space of links.linked(domain, SPACE)) {
                reportViolation(
                    `${describe(space)} is a space of ${describe(domain)}, which has no default space execution role. Fix: set defaultSpaceSettings.executionRole on the domain.`,
                    space.urn,
                );
            }
        }
    },
};

export const sagemakerPolicies = [
    domainVpcOnly,
    domainKms,
    domainSecurityGroups,
    domainDefaultExecutionRole,
    domainProtectedInProduction,
    domainSharingEncrypted,
    appInstanceTypesAllowed,
    userProfileRoleAndTag,
    spaceNeedsDefaultSpaceRole,
    appImageConfigNonRoot,
    endpointConfigKms,
    notebookInstanceHardened,
    modelIsolated,
    efsEncrypted,
    securityGroupNoPublicIngress,
];
