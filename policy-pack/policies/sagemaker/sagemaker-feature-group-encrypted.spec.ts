import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inPreview, KEY, findings, reported, ROLE } from "../../../test/support/policySpec";

const POLICY = "sagemaker-feature-group-encrypted";

function featureGroup(name: string, offlineKey?: string, online?: { kmsKeyId?: string }) {
    return new aws.sagemaker.FeatureGroup(name, {
        featureGroupName: name,
        recordIdentifierFeatureName: "id",
        eventTimeFeatureName: "ts",
        roleArn: ROLE,
        featureDefinitions: [
            { featureName: "id", featureType: "String" },
            { featureName: "ts", featureType: "String" },
        ],
        offlineStoreConfig: { s3StorageConfig: { s3Uri: "s3://features/", kmsKeyId: offlineKey } },
        ...(online ? { onlineStoreConfig: { enableOnlineStore: true, securityConfig: { kmsKeyId: online.kmsKeyId } } } : {}),
    });
}

describe(POLICY, () => {
    it("accepts offline and online stores encrypted with a customer-managed key", async () => {
        assert.deepEqual(await reported(POLICY, () => void featureGroup("good", KEY, { kmsKeyId: KEY })), []);
    });

    it("reports stores without a key or with the AWS-managed alias", async () => {
        const found = await findings(POLICY, () => {
            featureGroup("plain");
            featureGroup("aws-managed", "alias/aws/s3");
            featureGroup("online-plain", KEY, {});
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]).sort(), ["aws-managed", "online-plain", "plain"]);
        assert.match(found.join("\n"), /online-plain: FeatureGroup "online-plain" keeps its online store without a customer-managed key/);
    });

    it("counts a key unknown in preview (another resource's output) as customer-managed, without a skip", async () => {
        const result = await inPreview(POLICY, () => {
            const key = new aws.kms.Key("k", { enableKeyRotation: true });
            featureGroup("later", key.arn as unknown as string);
        });
        assert.deepEqual(result, { violations: [], skips: [] });
    });
});
