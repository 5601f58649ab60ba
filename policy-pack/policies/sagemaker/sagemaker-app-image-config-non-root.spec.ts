import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { reported } from "../../../test/support/policySpec";

describe("sagemaker-app-image-config-non-root", () => {
    const build = () => {
        new aws.sagemaker.AppImageConfig("user", { appImageConfigName: "user", kernelGatewayImageConfig: { kernelSpecs: [{ name: "python3" }], fileSystemConfig: { defaultUid: 1000, defaultGid: 100 } } });
        new aws.sagemaker.AppImageConfig("root", { appImageConfigName: "root", kernelGatewayImageConfig: { kernelSpecs: [{ name: "python3" }], fileSystemConfig: { defaultUid: 0, defaultGid: 0 } } });
    };

    it("accepts 1000/100 and reports root unless allowed", async () => {
        assert.deepEqual(await reported("sagemaker-app-image-config-non-root", build), ["root"]);
        assert.deepEqual(await reported("sagemaker-app-image-config-non-root", build, { "sagemaker-app-image-config-non-root": { allowRoot: true } }), []);
    });

    it("judges the same in preview", async () => {
        assert.deepEqual(await reported("sagemaker-app-image-config-non-root", build, {}, true), ["root"]);
    });
});
