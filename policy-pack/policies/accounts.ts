import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { parsePolicyDocument, statementsOf } from "../lib/iamDocument";
import { resourceCheck } from "../lib/resourceCheck";
import { DEFAULT_PRODUCTION_ENVIRONMENTS, customerManagedKey, describe, environmentOf, isSet, isUnknown, skippedInPreview, whenKnown } from "../lib/values";

/**
 * Account-level guardrails for any stack: people come in through federation (no IAM users or access
 * keys), no AWS-managed administrator policies, KMS keys whose policies cannot be opened up, encrypted
 * queues and databases, alarms that notify someone, no open default security group.
 */

/** Policies that forbid a resource type outright: a stack without one is their compliant case. */
export const PROHIBITIONS = ["iam-no-users-or-access-keys"];

export const iamNoUsersOrAccessKeys = resourceCheck({
    name: "iam-no-users-or-access-keys",
    description: "No IAM users, user policies or access keys: people sign in through federation, workloads use roles.",
    severity: "high",
    types: ["aws:iam/user:User", "aws:iam/accessKey:AccessKey", "aws:iam/userPolicy:UserPolicy", "aws:iam/userPolicyAttachment:UserPolicyAttachment", "aws:iam/userLoginProfile:UserLoginProfile"],
    check: (_props, report, args) => {
        const what = args.type.split(":").pop();
        report(`is an IAM ${what}`, "use IAM Identity Center (or your IdP) for people and roles for workloads; long-lived keys are what leaks");
    },
});

/** AWS-managed policies that grant administration or whole services. */
const ADMIN_MANAGED = /:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]+FullAccess)$/;

export const iamNoAdminManagedPolicies = resourceCheck({
    name: "iam-no-admin-managed-policies",
    description: "No AWS-managed administrator or full-access policy is attached to a role, user or group.",
    severity: "critical",
    types: [
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "aws:iam/policyAttachment:PolicyAttachment",
        "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
        "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        "aws:iam/role:Role",
    ],
    check: (props, report) => {
        const arns = [props.policyArn, ...((whenKnown(() => props.managedPolicyArns) as string[] | undefined) ?? [])].filter((a): a is string => typeof a === "string");
        for (const arn of arns) {
            if (ADMIN_MANAGED.test(arn)) report(`attaches ${arn.split("/").pop()}`, "attach a policy that lists the actions and resources the principal needs");
        }
    },
});

export const kmsKeyPolicySafe = resourceCheck({
    name: "kms-key-policy-safe",
    description: 'KMS key policies grant nothing to "*" without conditions and do not bypass the lockout safety check.',
    severity: "high",
    types: ["aws:kms/key:Key"],
    check: (props, report) => {
        if (props.bypassPolicyLockoutSafetyCheck === true) {
            report("bypasses the policy lockout safety check", "remove bypassPolicyLockoutSafetyCheck: the check stops a policy that locks everyone out of the key");
        }
        const doc = parsePolicyDocument(whenKnown(() => props.policy));
        for (const st of doc ? statementsOf(doc) : []) {
            if (st.effect === "Allow" && st.anyPrincipal && Object.keys(st.conditions).length === 0) {
                report(`allows ${st.actions.join(", ")} to "*" without conditions`, "name the account or service principals, or add kms:CallerAccount / kms:ViaService conditions");
            }
        }
    },
});

export const kmsDeletionWindow = resourceCheck({
    name: "kms-key-deletion-window",
    description: "Production KMS keys wait the maximum 30 days before deletion (time to notice a mistake); others at least 7.",
    severity: "medium",
    types: ["aws:kms/key:Key"],
    configSchema: {
        properties: {
            minimumDays: { type: "integer", minimum: 7, maximum: 30, default: 30, description: "Shortest deletion window in production." },
            productionEnvironments: { type: "array", items: { type: "string" }, default: DEFAULT_PRODUCTION_ENVIRONMENTS, description: "Values of the environment tag that mean production." },
        },
    },
    check: (props, report, args) => {
        const config = args.getConfig<{ minimumDays?: number; productionEnvironments?: string[] }>();
        const environment = environmentOf(props, args.provider);
        const production = environment !== undefined && (config.productionEnvironments ?? DEFAULT_PRODUCTION_ENVIRONMENTS).includes(environment);
        const minimum = production ? (config.minimumDays ?? 30) : 7;
        const days = props.deletionWindowInDays ?? 30;
        if (days < minimum) report(`has a deletion window of ${days} days${production ? " in production" : ""}`, `set deletionWindowInDays to ${minimum} or more`);
    },
});

export const sqsQueueKms = resourceCheck({
    name: "sqs-queue-kms",
    description: "SQS queues are encrypted with a customer-managed KMS key.",
    severity: "medium",
    types: ["aws:sqs/queue:Queue"],
    check: (props, report) => {
        if (customerManagedKey(props, "kmsMasterKeyId", "sqs") !== "ok") {
            report(props.sqsManagedSseEnabled ? "uses SQS-managed encryption" : "is not encrypted with a customer-managed key", "set kmsMasterKeyId to a customer-managed key ARN");
        }
    },
});

export const alarmHasActions = resourceCheck({
    name: "cloudwatch-alarm-has-actions",
    description: "CloudWatch alarms notify someone when they fire.",
    severity: "low",
    types: ["aws:cloudwatch/metricAlarm:MetricAlarm"],
    check: (props, report) => {
        if (props.actionsEnabled === false || !isSet(() => props.alarmActions)) {
            report("notifies nobody when it fires", "set alarmActions to an SNS topic (and keep actionsEnabled true)");
        }
    },
});

/**
 * Whether a database is encrypted at rest. RDS's `storageEncrypted` is a boolean that defaults to false;
 * in @pulumi/aws v7 Redshift's `encrypted` is a string ("true"/"false") that defaults to "true".
 */
function encryptedAtRest(type: string, props: Record<string, any>): boolean {
    if (type === "aws:redshift/cluster:Cluster") return String(props.encrypted ?? "true").toLowerCase() === "true";
    return props.storageEncrypted === true;
}

export const databaseEncryptedPrivate = resourceCheck({
    name: "database-encrypted-and-private",
    description: "RDS and Redshift databases (where a stack has them) are encrypted with KMS and not publicly accessible.",
    severity: "high",
    types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:redshift/cluster:Cluster"],
    check: (props, report, args) => {
        if (!encryptedAtRest(args.type, props)) report("is not encrypted at rest", "set storageEncrypted (RDS) or encrypted (Redshift) to true with kmsKeyId");
        else if (!isSet(() => props.kmsKeyId)) report("uses the AWS-managed key", "set kmsKeyId to a customer-managed key ARN");
        if (props.publiclyAccessible === true) report("is publicly accessible", "set publiclyAccessible: false and reach it from the VPC");
    },
});

/**
 * VPCs of the stack that no resource of `types` is attached to (by its `vpcId` property dependency, or
 * by the id at the end of the VPC's ARN, as for a VPC created inside a component such as awsx's), and
 * those that cannot be judged until the update because an id is still unknown.
 */
function vpcsWithout(resources: PolicyResource[], attached: PolicyResource[]): { missing: PolicyResource[]; waiting: PolicyResource[] } {
    const linkedUrns = new Set(attached.flatMap((a) => (a.propertyDependencies.vpcId ?? []).map((d) => d.urn)));
    const ids = new Set(attached.map((a) => whenKnown(() => a.props.vpcId)).filter((id): id is string => typeof id === "string"));
    // Resources attached to subnets or ENIs have no vpcId at all: only an unknown one can be the link.
    const someIdUnknown = attached.some((a) => isUnknown(() => a.props.vpcId));
    const missing: PolicyResource[] = [];
    const waiting: PolicyResource[] = [];
    for (const vpc of resources.filter((r) => r.type === "aws:ec2/vpc:Vpc")) {
        if (linkedUrns.has(vpc.urn)) continue;
        const id = (whenKnown(() => vpc.props.arn) as string | undefined)?.split("/").pop();
        if (id && ids.has(id)) continue;
        (!id || someIdUnknown ? waiting : missing).push(vpc);
    }
    return { missing, waiting };
}

/**
 * A VPC's default security group is managed and closed: AWS creates it with allow-all rules, and
 * anything launched without a group lands in it. Declaring it (aws.ec2.DefaultSecurityGroup) with no
 * rules removes them. Matched to its VPC like flow logs: by property dependency or by the VPC's id.
 */
export const defaultSecurityGroupClosed: StackValidationPolicy = {
    name: "ec2-default-security-group-closed",
    description: "Every VPC's default security group is managed with no rules, so nothing lands in it with access.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: (args, report) => {
        const groups = args.resources.filter((r) => r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        for (const g of groups) {
            if (isSet(() => g.props.ingress) || isSet(() => g.props.egress)) {
                report(`${describe(g)} has rules. Fix: declare it with no ingress and no egress rules, and give workloads groups of their own.`, g.urn);
            }
        }
        const { missing, waiting } = vpcsWithout(args.resources, groups);
        for (const vpc of missing) {
            report(`${describe(vpc)} leaves its default security group unmanaged, with AWS's allow-all rules. Fix: add an aws.ec2.DefaultSecurityGroup for it with no rules.`, vpc.urn);
        }
        if (waiting.length > 0) throw skippedInPreview(`for ${waiting.map(describe).join(", ")}`);
    },
};

/**
 * VPCs of the stack record their traffic: each has a flow log. A flow log is matched to its VPC through
 * the `vpcId` property dependency, or by the id at the end of the VPC's ARN (a VPC created inside a
 * component, such as awsx's, is known to the flow log only by its id).
 */
export const vpcFlowLogs: StackValidationPolicy = {
    name: "vpc-flow-logs",
    description: "Every VPC of the stack records its traffic in a flow log.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: (args, report) => {
        const { missing, waiting } = vpcsWithout(args.resources, args.resources.filter((r) => r.type === "aws:ec2/flowLog:FlowLog"));
        for (const vpc of missing) {
            report(`${describe(vpc)} has no flow log. Fix: add an aws.ec2.FlowLog with vpcId, trafficType "ALL" and an encrypted log group.`, vpc.urn);
        }
        if (waiting.length > 0) throw skippedInPreview(`for ${waiting.map(describe).join(", ")}`);
    },
};

/**
 * Resources live only in approved regions (data residency). The region is the resource's own `region`
 * (@pulumi/aws v7 resources may set one) or its provider's. Empty `allowedRegions` (the default) allows any.
 */
export const allowedRegions = resourceCheck({
    name: "aws-allowed-regions",
    description: "AWS resources are created only in the regions the organisation allows (data residency).",
    severity: "high",
    types: taggableAndRegional(),
    configSchema: { properties: { allowedRegions: { type: "array", items: { type: "string" }, default: [], description: "Regions resources may be created in; empty allows any." } } },
    check: (props, report, args) => {
        const allowed = args.getConfig<{ allowedRegions?: string[] }>().allowedRegions ?? [];
        if (allowed.length === 0) return;
        const region = (whenKnown(() => props.region) as string | undefined) ?? (whenKnown(() => (args.provider?.props as any)?.region) as string | undefined);
        if (region && !allowed.includes(region)) report(`is in ${region}`, `create it in one of ${allowed.join(", ")} (set the provider's region), or add ${region} to the pack's allowedRegions`);
    },
});

/** Every @pulumi/aws resource type the pack knows (the taggable ones cover the regional services). */
function taggableAndRegional(): string[] {
     
    return (require("../lib/taggableTypes.json") as { types: string[] }).types;
}

export const accountPolicies = [
    iamNoUsersOrAccessKeys,
    iamNoAdminManagedPolicies,
    kmsKeyPolicySafe,
    kmsDeletionWindow,
    sqsQueueKms,
    alarmHasActions,
    databaseEncryptedPrivate,
    defaultSecurityGroupClosed,
    vpcFlowLogs,
    allowedRegions,
];
