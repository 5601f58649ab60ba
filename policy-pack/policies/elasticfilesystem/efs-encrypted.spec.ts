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

    it("counts a key unknown in preview as set", async () => {
        assert.deepEqual(await reported("efs-encrypted", () => new aws.efs.FileSystem("later", { encrypted: true, kmsKeyId: previewKey() }), {}, true), []);
    });
});
