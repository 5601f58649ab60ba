import { PolicyResource } from "@pulumi/policy";
import { PolicyMetadata } from "../../lib/metadata";
import { stackCheck } from "../../lib/resourceCheck";
import { DEFAULT_PRODUCTION_ENVIRONMENTS, describe, environmentOf, isUnknown, skippedInPreview, whenKnown } from "../../lib/values";

export const metadata: PolicyMetadata = {
    service: "account",
    severity: "high",
    remediationSteps: [
        "Create every stateful production resource with the resource option { protect: true }, so pulumi destroy and replacements stop before deleting data.",
        "Where the service can keep the data itself, that counts too: deletionProtection on databases, deletionProtectionEnabled on DynamoDB tables, a final snapshot on Redshift, homeEfsFileSystem Retain on Studio domains.",
        "Also set retainOnDelete: true; the engine does not show it to policy packs, so it cannot replace protect here.",
    ],
    url: "https://www.pulumi.com/docs/iac/concepts/options/protect/",
    frameworks: { nist: ["CP-9", "SI-12"] },
    comparable: {},
};

/** true: the service keeps the data (or refuses deletion); false: it does not; undefined: unknown in preview. */
type Retention = (r: PolicyResource) => boolean | undefined;

const flag = (prop: string, expected: unknown): Retention => (r) => (isUnknown(() => r.props[prop]) ? undefined : r.props[prop] === expected);
const never: Retention = () => false;

/**
 * Stateful resource types (buckets, keys, secrets, source and image repositories, file systems, Studio
 * domains, databases, model registries, backup vaults), each with the service setting that retains its data
 * when the resource is deleted, where AWS has one.
 */
export const STATEFUL_TYPES: Readonly<Record<string, Retention>> = {
    "aws:s3/bucket:Bucket": never,
    "aws:s3/bucketV2:BucketV2": never,
    "aws:s3/directoryBucket:DirectoryBucket": never,
    "aws:kms/key:Key": never,
    "aws:kms/externalKey:ExternalKey": never,
    "aws:kms/replicaKey:ReplicaKey": never,
    "aws:secretsmanager/secret:Secret": never,
    "aws:codecommit/repository:Repository": never,
    "aws:ecr/repository:Repository": never,
    "aws:efs/fileSystem:FileSystem": never,
    "aws:fsx/lustreFileSystem:LustreFileSystem": never,
    "aws:fsx/ontapFileSystem:OntapFileSystem": never,
    "aws:fsx/openZfsFileSystem:OpenZfsFileSystem": never,
    "aws:fsx/windowsFileSystem:WindowsFileSystem": never,
    "aws:sagemaker/domain:Domain": (r) =>
        isUnknown(() => r.props.retentionPolicy) ? undefined : (whenKnown(() => r.props.retentionPolicy?.homeEfsFileSystem) ?? "Retain") === "Retain",
    "aws:sagemaker/modelPackageGroup:ModelPackageGroup": never,
    "aws:sagemaker/featureGroup:FeatureGroup": never,
    "aws:rds/instance:Instance": flag("deletionProtection", true),
    "aws:rds/cluster:Cluster": flag("deletionProtection", true),
    "aws:docdb/cluster:Cluster": flag("deletionProtection", true),
    "aws:neptune/cluster:Cluster": flag("deletionProtection", true),
    "aws:dynamodb/table:Table": flag("deletionProtectionEnabled", true),
    "aws:redshift/cluster:Cluster": (r) =>
        isUnknown(() => r.props.skipFinalSnapshot) || isUnknown(() => r.props.finalSnapshotIdentifier) ? undefined : r.props.skipFinalSnapshot !== true && !!r.props.finalSnapshotIdentifier,
    "aws:redshiftserverless/namespace:Namespace": never,
    "aws:opensearch/domain:Domain": never,
    "aws:backup/vault:Vault": never,
};

/**
 * In production, every stateful resource is `protect`ed (or its service retains the data on deletion), so
 * `pulumi destroy`, a rename or a replacing change cannot delete data. Production is decided per resource by
 * its environment tag (its own, or the provider's default tags), as sagemaker-domain-protected-in-prod does.
 */
export const prodDataProtected = stackCheck({
    name: "prod-data-protected",
    description: "In production, every stateful resource (buckets, keys, secrets, repositories, file systems, domains, databases, model registries) is protected or retains its data.",
    metadata,
    configSchema: {
        properties: {
            productionEnvironments: { type: "array", items: { type: "string" }, default: DEFAULT_PRODUCTION_ENVIRONMENTS, description: "Values of the environment tag that mean production." },
        },
    },
    validateStack: (args, report) => {
        const production = args.getConfig<{ productionEnvironments?: string[] }>().productionEnvironments ?? DEFAULT_PRODUCTION_ENVIRONMENTS;
        const waiting: string[] = [];
        for (const r of args.resources) {
            const retention = STATEFUL_TYPES[r.type];
            if (!retention || r.opts.protect) continue;
            const environment = environmentOf(r.props, r.provider);
            if (environment === undefined || !production.includes(environment)) continue;
            const retained = retention(r);
            if (retained === undefined) waiting.push(describe(r));
            else if (!retained) {
                report(`${describe(r)} holds production data without protect. Fix: create it with the resource option { protect: true } (and retainOnDelete: true).`, r.urn);
            }
        }
        if (waiting.length > 0) throw skippedInPreview(`for ${waiting.join(", ")}`);
    },
});
