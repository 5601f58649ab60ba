import { namesCustomerManagedKey } from "../../lib/keyInput";
import { PolicyMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

export const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "high",
    remediationSteps: [
        "Set offlineStoreConfig.s3StorageConfig.kmsKeyId to a customer-managed KMS key ARN (fixed at creation: this replaces the feature group).",
        "With an online store, set onlineStoreConfig.securityConfig.kmsKeyId as well.",
    ],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/feature-store-security.html",
    frameworks: { nist: ["SC-28", "SC-12"] },
    comparable: {},
};

/**
 * Feature Store feature groups encrypt their offline store (S3) and online store with a customer-managed
 * KMS key: features are training data, often personal data.
 */
export const sagemakerFeatureGroupEncrypted = resourceCheck({
    name: "sagemaker-feature-group-encrypted",
    description: "SageMaker feature groups encrypt their offline and online stores with a customer-managed KMS key.",
    severity: metadata.severity,
    types: ["aws:sagemaker/featureGroup:FeatureGroup"],
    metadata,
    check: (props, report) => {
        if (props.offlineStoreConfig !== undefined && !namesCustomerManagedKey(() => props.offlineStoreConfig?.s3StorageConfig?.kmsKeyId)) {
            report("keeps its offline store without a customer-managed key", "set offlineStoreConfig.s3StorageConfig.kmsKeyId to a customer-managed key ARN");
        }
        if (props.onlineStoreConfig?.enableOnlineStore === true && !namesCustomerManagedKey(() => props.onlineStoreConfig?.securityConfig?.kmsKeyId)) {
            report("keeps its online store without a customer-managed key", "set onlineStoreConfig.securityConfig.kmsKeyId to a customer-managed key ARN");
        }
    },
});
