import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inPreview, KEY, findings, reported } from "../../../test/support/policySpec";

const POLICY = "glue-data-catalog-encrypted";

function settings(name: string, atRest: { catalogEncryptionMode: any; sseAwsKmsKeyId?: any }, passwords: { returnConnectionPasswordEncrypted: boolean; awsKmsKeyId?: any }) {
    return new aws.glue.DataCatalogEncryptionSettings(name, { dataCatalogEncryptionSettings: { encryptionAtRest: atRest, connectionPasswordEncryption: passwords } });
}

describe(POLICY, () => {
    it("accepts a catalog encrypted with customer-managed keys", async () => {
        assert.deepEqual(await reported(POLICY, () => void settings("good", { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY }, { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY })), []);
    });

    it("reports a disabled catalog encryption, the AWS-managed key and plaintext connection passwords", async () => {
        const found = await findings(POLICY, () => {
            settings("off", { catalogEncryptionMode: "DISABLED" }, { returnConnectionPasswordEncrypted: false });
            settings("aws-key", { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: "alias/aws/glue" }, { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY });
        });
        assert.equal(found.length, 3, found.join("\n"));
        assert.match(found.join("\n"), /off: DataCatalogEncryptionSettings "off" leaves the catalog's metadata unencrypted \(catalogEncryptionMode DISABLED\)/);
        assert.match(found.join("\n"), /off: DataCatalogEncryptionSettings "off" returns connection passwords in plaintext/);
        assert.match(found.join("\n"), /aws-key: DataCatalogEncryptionSettings "aws-key" encrypts the catalog without a customer-managed key/);
    });

    it("counts keys unknown in preview as customer-managed, and skips a mode unknown in preview", async () => {
        const keysLater = await inPreview(POLICY, () => {
            const key = new aws.kms.Key("k", { enableKeyRotation: true });
            settings("keys-later", { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: key.arn }, { returnConnectionPasswordEncrypted: true, awsKmsKeyId: key.arn });
        });
        assert.deepEqual(keysLater, { violations: [], skips: [] });
        const modeLater = await inPreview(POLICY, () => {
            const key = new aws.kms.Key("k", { enableKeyRotation: true });
            settings("mode-later", { catalogEncryptionMode: key.arn.apply(() => "SSE-KMS"), sseAwsKmsKeyId: KEY }, { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY });
        });
        assert.deepEqual(modeLater.violations, []);
        assert.equal(modeLater.skips.length, 1);
    });
});
