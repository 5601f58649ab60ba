import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { previewKey, reported } from "../../../test/support/policySpec";

describe("kms-key-deletion-window", () => {
    it("asks 30 days in production, 7 elsewhere", async () => {
        const found = await reported("kms-key-deletion-window", () => {
            const prod = new aws.Provider("prod", { region: "us-east-1", defaultTags: { tags: { environment: "prod" } } });
            new aws.kms.Key("prod-short", { enableKeyRotation: true, deletionWindowInDays: 7 }, { provider: prod });
            new aws.kms.Key("prod-30", { enableKeyRotation: true, deletionWindowInDays: 30 }, { provider: prod });
            new aws.kms.Key("dev-7", { enableKeyRotation: true, deletionWindowInDays: 7, tags: { environment: "dev" } });
        });
        assert.deepEqual(found, ["prod-short"]);
    });

    it("judges the same in preview, where the window is known", async () => {
        const build = () => {
            const prod = new aws.Provider("prod", { region: "us-east-1", defaultTags: { tags: { environment: "prod" } } });
            new aws.kms.Key("prod-short", { enableKeyRotation: true, deletionWindowInDays: 7, description: pulumi.interpolate`${previewKey()}` }, { provider: prod });
        };
        assert.deepEqual(await reported("kms-key-deletion-window", build, {}, true), ["prod-short"]);
    });
});
