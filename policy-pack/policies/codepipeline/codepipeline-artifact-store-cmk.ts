import { keyInput } from "../../lib/keyInput";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "codepipeline",
    severity: "high",
    remediationSteps: [
        "Give every artifactStores entry (one per region the pipeline acts in) an encryptionKey { id: <customer-managed KMS key ARN>, type: \"KMS\" }.",
        "Grant the pipeline's role and the roles of its actions (CodeBuild, cross-account deployers) kms:Decrypt and kms:GenerateDataKey on that key.",
    ],
    url: "https://docs.aws.amazon.com/codepipeline/latest/userguide/S3-artifact-encryption.html",
    frameworks: {
        nist: ["SC-12", "SC-28"],
    },
    comparable: {
        checkov: ["CKV_AWS_219"],
    },
    source: "issue 12 (model CI/CD)",
};

/**
 * Without an encryption key CodePipeline encrypts its artifacts (source code, built models, deploy inputs)
 * with the AWS-managed `aws/s3` key: any principal of the account with S3 read on the bucket can decrypt
 * them, no key policy can narrow that, and cross-account actions cannot read them at all. A key named by
 * the ARN of an AWS-managed key (`key/<uuid>`) cannot be told apart from a customer-managed one here.
 */
export const codepipelineArtifactStoreCmk = withMetadata(resourceCheck({
    name: "codepipeline-artifact-store-cmk",
    description: "Every CodePipeline artifact store (one per region) encrypts artifacts with a customer-managed KMS key, not the default aws/s3 key.",
    types: ["aws:codepipeline/pipeline:Pipeline"],
    check: (props, report) => {
        const stores = (props.artifactStores ?? []) as Array<Record<string, any>>;
        stores.forEach((store, index) => {
            const where = storeLabel(store, index);
            const state = keyInput(() => store?.encryptionKey?.id);
            if (state === "missing") {
                report(`keeps artifacts in ${where} under the AWS-managed aws/s3 key (no encryptionKey)`, "set encryptionKey { id: <customer-managed KMS key ARN>, type: \"KMS\" } on that artifact store");
            } else if (state === "aws-managed") {
                report(`keeps artifacts in ${where} under the AWS-managed key ${String(store.encryptionKey.id)}`, "set encryptionKey.id to a customer-managed KMS key ARN");
            }
        });
    },
}), metadata);

/** `artifact store "bucket" (eu-west-1)`, with what is known of the store in preview. */
function storeLabel(store: Record<string, any>, index: number): string {
    const location = whenKnown(() => store?.location);
    const region = whenKnown(() => store?.region);
    const name = typeof location === "string" && location ? `artifact store "${location}"` : `artifact store #${index + 1}`;
    return typeof region === "string" && region ? `${name} (${region})` : name;
}
