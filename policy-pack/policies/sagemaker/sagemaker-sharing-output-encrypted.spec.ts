import { strict as assert } from "assert";
import { KEY, previewKey, reported, ROLE, studioDomain } from "../../../test/support/policySpec";

describe("sagemaker-sharing-output-encrypted", () => {
    it("reports allowed sharing without a key", async () => {
        const found = await reported("sagemaker-sharing-output-encrypted", () => {
            studioDomain("disabled", { defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-1"], sharingSettings: { notebookOutputOption: "Disabled" } } });
            studioDomain("encrypted", { defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-1"], sharingSettings: { notebookOutputOption: "Allowed", s3OutputPath: "s3://b/shared", s3KmsKeyId: KEY } } });
            studioDomain("plain", { defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-1"], sharingSettings: { notebookOutputOption: "Allowed", s3OutputPath: "s3://b/shared" } } });
        });
        assert.deepEqual(found, ["plain"]);
    });

    it("counts a sharing key unknown in preview as set", async () => {
        const build = () => studioDomain("later", { defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-1"], sharingSettings: { notebookOutputOption: "Allowed", s3OutputPath: "s3://b/shared", s3KmsKeyId: previewKey() } } });
        assert.deepEqual(await reported("sagemaker-sharing-output-encrypted", build, {}, true), []);
    });
});
