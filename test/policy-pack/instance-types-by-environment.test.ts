import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { readStackFiles } from "../../tools/offline/runProgram";
import { PROGRAM, inlineRun, stackRun, violationsOf } from "../harness";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/k";
const ROLE = "arn:aws:iam::123456789012:role/sm";
const BY_ENVIRONMENT = {
    "sagemaker-app-instance-types-allowed": {
        allowedInstanceTypesByEnvironment: { dev: ["system", "ml.t3.medium", "ml.m5.large"], prod: ["system", "ml.t3.medium", "ml.m5.large", "ml.g5.12xlarge", "ml.p4d.24xlarge"] },
    },
};

/** A Studio domain whose JupyterLab defaults to `lab`, and an endpoint configuration on `variant`, tagged `environment`. */
function program(environment: string, lab: string, variant: string) {
    return () => {
        const provider = new aws.Provider("aws", { region: "us-east-1", defaultTags: { tags: { environment } } });
        new aws.sagemaker.Domain(
            "studio",
            {
                domainName: "studio",
                authMode: "IAM",
                vpcId: "vpc-1",
                subnetIds: ["subnet-1"],
                appNetworkAccessType: "VpcOnly",
                kmsKeyId: KEY,
                defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-1"], jupyterLabAppSettings: { defaultResourceSpec: { instanceType: lab } } },
            },
            { provider },
        );
        new aws.sagemaker.EndpointConfiguration("serving", { kmsKeyArn: KEY, productionVariants: [{ variantName: "main", modelName: "m", instanceType: variant, initialInstanceCount: 1 }] }, { provider });
    };
}

describe("sagemaker-app-instance-types-allowed per environment", () => {
    it("applies each environment's own list to Studio apps and endpoint variants (no ml.p4d in dev)", async () => {
        const dev = await violationsOf(await inlineRun(program("dev", "ml.g5.12xlarge", "ml.p4d.24xlarge")), "sagemaker-app-instance-types-allowed", BY_ENVIRONMENT);
        assert.deepEqual(dev.sort(), [
            "serving: EndpointConfiguration \"serving\" runs productionVariants[0] on ml.p4d.24xlarge, outside the allow-list of environment dev. Fix: use one of system, ml.t3.medium, ml.m5.large, or add ml.p4d.24xlarge to the pack's allowedInstanceTypesByEnvironment.dev.",
            "studio: Domain \"studio\" defaults jupyterLabAppSettings to ml.g5.12xlarge, outside the allow-list of environment dev. Fix: use one of system, ml.t3.medium, ml.m5.large, or add ml.g5.12xlarge to the pack's allowedInstanceTypesByEnvironment.dev.",
        ]);
        // The same program tagged prod is within prod's list.
        assert.deepEqual(await violationsOf(await inlineRun(program("prod", "ml.g5.12xlarge", "ml.p4d.24xlarge")), "sagemaker-app-instance-types-allowed", BY_ENVIRONMENT), []);
    });

    it("keeps the global list for environments without their own, and leaves endpoint variants alone there", async () => {
        const staging = await violationsOf(await inlineRun(program("staging", "ml.g5.12xlarge", "ml.p4d.24xlarge")), "sagemaker-app-instance-types-allowed", BY_ENVIRONMENT);
        assert.deepEqual(staging, [
            "studio: Domain \"studio\" defaults jupyterLabAppSettings to ml.g5.12xlarge, outside the allow-list. Fix: use one of system, ml.t3.medium, ml.m5.large, ml.c5.large, or add ml.g5.12xlarge to the pack's allowedInstanceTypes.",
        ]);
    });

    it("finds the project's stacks within the lists of their pack configs", async () => {
        for (const stack of ["dev", "prod"]) {
            const config = require(`../../policy-pack/config/${stack}.json`);
            // The pack's list is the stack's own Studio allow-list (the persona roles' IAM Deny uses the same).
            const studio = JSON.parse(readStackFiles(PROGRAM, stack).config["mlplatform:studio"]);
            assert.deepEqual(config["sagemaker-app-instance-types-allowed"].allowedInstanceTypesByEnvironment[stack], studio.instanceTypes, stack);
            assert.deepEqual(await violationsOf(await stackRun(stack), "sagemaker-app-instance-types-allowed", config), [], stack);
        }
    });
});
