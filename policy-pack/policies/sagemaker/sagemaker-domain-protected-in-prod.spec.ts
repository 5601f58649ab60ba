import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { previewKey, reported, studioDomain, TAGS } from "../../../test/support/policySpec";

describe("sagemaker-domain-protected-in-prod", () => {
    it("reads the environment tag from the resource or the provider", async () => {
        const found = await reported("sagemaker-domain-protected-in-prod", () => {
            const prod = new aws.Provider("prod", { region: "us-east-1", defaultTags: { tags: { ...TAGS, environment: "prod" } } });
            studioDomain("prod-protected", {}, { protect: true, provider: prod });
            studioDomain("prod-unprotected", {}, { provider: prod });
            studioDomain("dev-unprotected", { tags: { environment: "dev" } });
        });
        assert.deepEqual(found, ["prod-unprotected"]);
    });

    it("judges the same in preview, where the key is unknown", async () => {
        const build = () => {
            const prod = new aws.Provider("prod", { region: "us-east-1", defaultTags: { tags: { ...TAGS, environment: "prod" } } });
            studioDomain("prod-unprotected", { kmsKeyId: previewKey() }, { provider: prod });
        };
        assert.deepEqual(await reported("sagemaker-domain-protected-in-prod", build, {}, true), ["prod-unprotected"]);
    });
});
