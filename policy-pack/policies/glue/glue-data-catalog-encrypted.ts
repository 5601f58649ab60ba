import { namesCustomerManagedKey } from "../../lib/keyInput";
import { PolicyMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

export const metadata: PolicyMetadata = {
    service: "glue",
    severity: "high",
    remediationSteps: [
        'In aws.glue.DataCatalogEncryptionSettings, set encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: <customer-managed key ARN> }.',
        "Set connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: <customer-managed key ARN> }.",
    ],
    url: "https://docs.aws.amazon.com/glue/latest/dg/encrypt-glue-data-catalog.html",
    frameworks: { nist: ["SC-28", "SC-12"] },
    comparable: { checkov: ["CKV_AWS_94"] },
};

/**
 * The Glue Data Catalog encrypts its metadata and connection passwords with a customer-managed KMS key.
 * `alias/aws/glue` is AWS-managed and does not count.
 */
export const glueDataCatalogEncrypted = resourceCheck({
    name: "glue-data-catalog-encrypted",
    description: "Glue Data Catalog encryption settings encrypt metadata at rest and connection passwords with a customer-managed KMS key.",
    severity: metadata.severity,
    types: ["aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings"],
    metadata,
    check: (props, report) => {
        const settings = props.dataCatalogEncryptionSettings;
        const atRest = settings?.encryptionAtRest;
        const mode = String(atRest?.catalogEncryptionMode ?? "DISABLED");
        if (!mode.startsWith("SSE-KMS")) {
            report(`leaves the catalog's metadata unencrypted (catalogEncryptionMode ${mode})`, 'set encryptionAtRest.catalogEncryptionMode: "SSE-KMS" with sseAwsKmsKeyId');
        } else if (!namesCustomerManagedKey(() => atRest.sseAwsKmsKeyId)) {
            report("encrypts the catalog without a customer-managed key", "set encryptionAtRest.sseAwsKmsKeyId to a customer-managed key ARN");
        }
        const passwords = settings?.connectionPasswordEncryption;
        if (passwords?.returnConnectionPasswordEncrypted !== true) {
            report("returns connection passwords in plaintext", "set connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: <customer-managed key ARN> }");
        } else if (!namesCustomerManagedKey(() => passwords.awsKmsKeyId)) {
            report("encrypts connection passwords without a customer-managed key", "set connectionPasswordEncryption.awsKmsKeyId to a customer-managed key ARN");
        }
    },
});
