import { strict as assert } from "assert";
import { reported, ROLE, studioDomain } from "../../../test/support/policySpec";

describe("sagemaker-app-instance-types-allowed", () => {
    const build = () => {
        studioDomain("system-only");
        studioDomain("gpu", {
            defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-1"], jupyterLabAppSettings: { defaultResourceSpec: { instanceType: "ml.g5.12xlarge" } } },
        });
    };

    it("reports a default outside the allow-list, which comes from config", async () => {
        assert.deepEqual(await reported("sagemaker-app-instance-types-allowed", build), ["gpu"]);
        assert.deepEqual(await reported("sagemaker-app-instance-types-allowed", build, { "sagemaker-app-instance-types-allowed": { allowedInstanceTypes: ["system", "ml.g5.12xlarge"] } }), []);
    });

    it("judges the same in preview: instance types are known before the domain exists", async () => {
        assert.deepEqual(await reported("sagemaker-app-instance-types-allowed", build, {}, true), ["gpu"]);
    });
});
