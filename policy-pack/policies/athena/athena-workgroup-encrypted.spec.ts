import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inPreview, KEY, findings, reported } from "../../../test/support/policySpec";

const POLICY = "athena-workgroup-encrypted";

describe(POLICY, () => {
    it("accepts enforced SSE_KMS and CSE_KMS results and managed results with a customer-managed key", async () => {
        const found = await reported(POLICY, () => {
            new aws.athena.Workgroup("sse", { configuration: { resultConfiguration: { outputLocation: "s3://r/", encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY } } } });
            new aws.athena.Workgroup("cse", { configuration: { enforceWorkgroupConfiguration: true, resultConfiguration: { outputLocation: "s3://r/", encryptionConfiguration: { encryptionOption: "CSE_KMS", kmsKeyArn: KEY } } } });
            new aws.athena.Workgroup("managed", { configuration: { managedQueryResultsConfiguration: { enabled: true, encryptionConfiguration: { kmsKey: KEY } } } });
        });
        assert.deepEqual(found, []);
    });

    it("reports unencrypted, SSE_S3, AWS-managed-key and client-overridable workgroups", async () => {
        const found = await findings(POLICY, () => {
            new aws.athena.Workgroup("none", {});
            new aws.athena.Workgroup("s3", { configuration: { resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_S3" } } } });
            new aws.athena.Workgroup("aws-key", { configuration: { resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/aws/s3" } } } });
            new aws.athena.Workgroup("override", { configuration: { enforceWorkgroupConfiguration: false, resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY } } } });
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]).sort(), ["aws-key", "none", "override", "s3"]);
        assert.match(found.join("\n"), /s3: Workgroup "s3" encrypts query results with SSE_S3, not a KMS key/);
        assert.match(found.join("\n"), /override: Workgroup "override" lets clients override its settings/);
    });

    it("counts a key unknown in preview as customer-managed: nothing to skip, nothing to report", async () => {
        const result = await inPreview(POLICY, () => {
            const key = new aws.kms.Key("k", { enableKeyRotation: true });
            new aws.athena.Workgroup("later", { configuration: { resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: key.arn } } } });
        });
        assert.deepEqual(result, { violations: [], skips: [] });
    });
});
