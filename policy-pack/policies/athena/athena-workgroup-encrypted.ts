import { namesCustomerManagedKey } from "../../lib/keyInput";
import { PolicyMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

export const metadata: PolicyMetadata = {
    service: "athena",
    severity: "high",
    remediationSteps: [
        'Set configuration.resultConfiguration.encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: <customer-managed key ARN> } (or managedQueryResultsConfiguration with encryptionConfiguration.kmsKey).',
        "Keep configuration.enforceWorkgroupConfiguration true (the default), so clients cannot override the encryption.",
    ],
    url: "https://docs.aws.amazon.com/athena/latest/ug/encrypting-query-results-stored-in-s3.html",
    frameworks: { nist: ["SC-28"] },
    comparable: { checkov: ["CKV_AWS_82"], trivy: ["AVD-AWS-0006", "AVD-AWS-0007"] },
};

const KMS_OPTIONS = ["SSE_KMS", "CSE_KMS"];

/**
 * Athena workgroups encrypt query results with a customer-managed KMS key and enforce it on every client.
 * Results in Athena-managed storage count when that storage is encrypted with such a key.
 */
export const athenaWorkgroupEncrypted = resourceCheck({
    name: "athena-workgroup-encrypted",
    description: "Athena workgroups enforce their configuration and encrypt query results with a customer-managed KMS key.",
    severity: metadata.severity,
    types: ["aws:athena/workgroup:Workgroup"],
    metadata,
    check: (props, report) => {
        const config = props.configuration;
        if (config?.enforceWorkgroupConfiguration === false) {
            report("lets clients override its settings, including result encryption", "set configuration.enforceWorkgroupConfiguration: true");
        }
        const managed = config?.managedQueryResultsConfiguration;
        if (managed?.enabled === true) {
            if (!namesCustomerManagedKey(() => managed.encryptionConfiguration?.kmsKey)) {
                report("keeps managed query results without a customer-managed key", "set configuration.managedQueryResultsConfiguration.encryptionConfiguration.kmsKey to a customer-managed key ARN");
            }
            return;
        }
        const encryption = config?.resultConfiguration?.encryptionConfiguration;
        const option = encryption?.encryptionOption;
        if (!KMS_OPTIONS.includes(option)) {
            report(option ? `encrypts query results with ${option}, not a KMS key` : "does not encrypt query results", 'set configuration.resultConfiguration.encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: <customer-managed key ARN> }');
        } else if (!namesCustomerManagedKey(() => encryption.kmsKeyArn)) {
            report(`encrypts query results with ${option} without a customer-managed key`, "set configuration.resultConfiguration.encryptionConfiguration.kmsKeyArn to a customer-managed key ARN");
        }
    },
});
