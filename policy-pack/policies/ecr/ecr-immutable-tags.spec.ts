import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, previewKey, reported } from "../../../test/support/policySpec";

describe("ecr-immutable-tags", () => {
    it("reports mutable tags and passes immutable ones", async () => {
        const build = () => {
            new aws.ecr.Repository("good", { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE" });
            new aws.ecr.Repository("seed", { imageScanningConfiguration: { scanOnPush: false } });
        };
        assert.deepEqual(await findings("ecr-immutable-tags", build), [
            'seed: Repository "seed" has MUTABLE image tags. Fix: set imageTagMutability: "IMMUTABLE" and tag images with the commit they were built from.',
        ]);
    });

    it("judges the same in preview", async () => {
        const build = () => new aws.ecr.Repository("seed", { encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: previewKey() }] });
        assert.deepEqual(await reported("ecr-immutable-tags", build, {}, true), ["seed"]);
    });
});
