import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, KEY, previewKey, reported } from "../../../test/support/policySpec";

const variant = (instanceType: string, variantName = "v") => ({ modelName: "m", variantName, initialInstanceCount: 1, instanceType });

describe("sagemaker-endpoint-config-kms", () => {
    it("covers volumes and captured data", async () => {
        const variants = [variant("ml.m5.large")];
        const found = await findings("sagemaker-endpoint-config-kms", () => {
            new aws.sagemaker.EndpointConfiguration("ok", { productionVariants: variants, kmsKeyArn: KEY, dataCaptureConfig: { initialSamplingPercentage: 10, destinationS3Uri: "s3://b/c", captureOptions: [{ captureMode: "Input" }], kmsKeyId: KEY } });
            new aws.sagemaker.EndpointConfiguration("capture", { productionVariants: variants, kmsKeyArn: KEY, dataCaptureConfig: { initialSamplingPercentage: 10, destinationS3Uri: "s3://b/c", captureOptions: [{ captureMode: "Input" }] } });
            new aws.sagemaker.EndpointConfiguration("plain", { productionVariants: variants });
        });
        assert.deepEqual(found.map((f) => f.replace(/ Fix:.*/, "")), [
            'capture: EndpointConfiguration "capture" captures request data without encrypting it.',
            'plain: EndpointConfiguration "plain" does not encrypt its instance volumes.',
        ]);
    });

    it("does not demand a volume key for instance types with local NVMe storage, which AWS rejects (regression: GPU endpoints were blocked)", async () => {
        const found = await reported("sagemaker-endpoint-config-kms", () => {
            new aws.sagemaker.EndpointConfiguration("g5", { productionVariants: [variant("ml.g5.2xlarge")] });
            new aws.sagemaker.EndpointConfiguration("p4d", { productionVariants: [variant("ml.p4d.24xlarge")] });
            new aws.sagemaker.EndpointConfiguration("m5d", { productionVariants: [variant("ml.m5d.large")] });
            new aws.sagemaker.EndpointConfiguration("g4dn", { productionVariants: [variant("ml.g4dn.xlarge")] });
            new aws.sagemaker.EndpointConfiguration("mixed", { productionVariants: [variant("ml.m5.large", "a"), variant("ml.g5.xlarge", "b")] });
            new aws.sagemaker.EndpointConfiguration("ebs-only", { productionVariants: [variant("ml.m5.large")] });
            new aws.sagemaker.EndpointConfiguration("ebs-gpu", { productionVariants: [variant("ml.p3.2xlarge")] });
        });
        assert.deepEqual(found, ["ebs-gpu", "ebs-only"]);
    });

    it("counts a key unknown in preview as set", async () => {
        assert.deepEqual(await reported("sagemaker-endpoint-config-kms", () => new aws.sagemaker.EndpointConfiguration("later", { productionVariants: [variant("ml.m5.large")], kmsKeyArn: previewKey() }), {}, true), []);
    });
});
