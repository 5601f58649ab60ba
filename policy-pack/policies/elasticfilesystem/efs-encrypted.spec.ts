import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { KEY, previewKey, reported } from "../../../test/support/policySpec";

describe("efs-encrypted", () => {
    it("reports a file system on the AWS-managed key or unencrypted", async () => {
        assert.deepEqual(
            await reported("efs-encrypted", () => {
                new aws.efs.FileSystem("cmk", { encrypted: true, kmsKeyId: KEY });
                new aws.efs.FileSystem("managed", { encrypted: true });
                new aws.efs.FileSystem("plain", {});
            }),
            ["managed", "plain"],
        );
    });

    it("reports a file system that names the AWS-managed key by its alias, bare or as an ARN, and passes a customer-managed alias", async () => {
        assert.deepEqual(
            await reported("efs-encrypted", () => {
                new aws.efs.FileSystem("alias", { encrypted: true, kmsKeyId: "alias/aws/elasticfilesystem" });
                new aws.efs.FileSystem("alias-arn", { encrypted: true, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/elasticfilesystem" });
                new aws.efs.FileSystem("own-alias", { encrypted: true, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/platform-data" });
            }),
            ["alias", "alias-arn"],
        );
    });

    it("counts a key unknown in preview as set", async () => {
        assert.deepEqual(await reported("efs-encrypted", () => new aws.efs.FileSystem("later", { encrypted: true, kmsKeyId: previewKey() }), {}, true), []);
    });
});
