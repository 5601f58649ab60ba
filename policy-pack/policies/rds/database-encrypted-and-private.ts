import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { namesCustomerManagedKey } from "../../lib/keyInput";

const metadata: PolicyMetadata = {
    service: "rds",
    severity: "high",
    remediationSteps: [
        "Set storageEncrypted (RDS) or encrypted (Redshift) to true, with kmsKeyId a customer-managed key ARN.",
        "Set publiclyAccessible: false and reach the database from the VPC.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-3",
    frameworks: {
        cis: ["2.3.1", "2.3.3"],
        fsbp: ["RDS.2", "RDS.3", "Redshift.1"],
        nist: ["AC-3", "SC-7", "SC-28"],
    },
    comparable: {
        checkov: ["CKV_AWS_16", "CKV_AWS_17", "CKV_AWS_64", "CKV_AWS_87"],
        cdkNag: ["AwsSolutions-RDS2"],
    },
    source: "seed 002 (storage targets)",
};

/**
 * Whether a database is encrypted at rest. RDS's `storageEncrypted` is a boolean that defaults to false;
 * in @pulumi/aws v7 Redshift's `encrypted` is a string ("true"/"false") that defaults to "true".
 */
function encryptedAtRest(type: string, props: Record<string, any>): boolean {
    if (type === "aws:redshift/cluster:Cluster") return String(props.encrypted ?? "true").toLowerCase() === "true";
    return props.storageEncrypted === true;
}

export const databaseEncryptedPrivate = withMetadata(resourceCheck({
    name: "database-encrypted-and-private",
    description: "RDS and Redshift databases (where a stack has them) are encrypted with KMS and not publicly accessible.",
    types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:redshift/cluster:Cluster"],
    check: (props, report, args) => {
        if (!encryptedAtRest(args.type, props)) report("is not encrypted at rest", "set storageEncrypted (RDS) or encrypted (Redshift) to true with kmsKeyId");
        else if (!namesCustomerManagedKey(() => props.kmsKeyId)) report("uses the AWS-managed key", "set kmsKeyId to a customer-managed key ARN");
        if (props.publiclyAccessible === true) report("is publicly accessible", "set publiclyAccessible: false and reach it from the VPC");
    },
}), metadata);
