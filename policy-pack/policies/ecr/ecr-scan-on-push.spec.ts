import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, previewKey, reported } from "../../../test/support/policySpec";

describe("ecr-scan-on-push", () => {
    it("reports a repository that does not scan on push and passes one that does", async () => {
        const build = () => {
            new aws.ecr.Repository("good", { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE" });
            new aws.ecr.Repository("seed", { imageScanningConfiguration: { scanOnPush: false } });
        };
        assert.deepEqual(await findings("ecr-scan-on-push", build), ['seed: Repository "seed" does not scan images on push. Fix: set imageScanningConfiguration: { scanOnPush: true }.']);
    });

    it("judges the same in preview: the setting is known before the repository exists", async () => {
        const build = () => new aws.ecr.Repository("seed", { imageScanningConfiguration: { scanOnPush: false }, encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: previewKey() }] });
        assert.deepEqual(await reported("ecr-scan-on-push", build, {}, true), ["seed"]);
    });
});
