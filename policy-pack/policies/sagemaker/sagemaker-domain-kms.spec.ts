import { strict as assert } from "assert";
import { previewKey, reported, studioDomain } from "../../../test/support/policySpec";

describe("sagemaker-domain-kms", () => {
    it("reports a domain without a KMS key", async () => {
        assert.deepEqual(await reported("sagemaker-domain-kms", () => {
            studioDomain("good");
            studioDomain("nokey", { kmsKeyId: undefined });
        }), ["nokey"]);
    });

    it("counts a key unknown in preview as set", async () => {
        assert.deepEqual(await reported("sagemaker-domain-kms", () => studioDomain("later", { kmsKeyId: previewKey() }), {}, true), []);
    });
});
