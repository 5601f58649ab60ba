import { strict as assert } from "assert";
import { codebuildProject, previewKey, reported } from "../../../test/support/policySpec";

describe("codebuild-encrypted", () => {
    it("reports a project without a customer-managed key", async () => {
        const build = () => {
            codebuildProject("ok");
            codebuildProject("unencrypted", { encryptionKey: undefined });
            codebuildProject("aws-managed", { encryptionKey: "alias/aws/s3" });
        };
        assert.deepEqual(await reported("codebuild-encrypted", build), ["aws-managed", "unencrypted"]);
    });

    it("counts a key unknown in preview as set", async () => {
        assert.deepEqual(await reported("codebuild-encrypted", () => codebuildProject("later", { encryptionKey: previewKey() }), {}, true), []);
    });
});
