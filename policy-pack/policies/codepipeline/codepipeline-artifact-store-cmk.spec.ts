import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { findings, inPreview, KEY, previewKey, reported, ROLE } from "../../../test/support/policySpec";

const POLICY = "codepipeline-artifact-store-cmk";
const stages = [
    { name: "Source", actions: [{ name: "Source", category: "Source", owner: "AWS", provider: "S3", version: "1", outputArtifacts: ["src"], configuration: { S3Bucket: "b", S3ObjectKey: "k.zip" } }] },
    { name: "Build", actions: [{ name: "Build", category: "Build", owner: "AWS", provider: "CodeBuild", version: "1", inputArtifacts: ["src"], configuration: { ProjectName: "p" } }] },
];
const pipeline = (name: string, artifactStores: pulumi.Input<aws.types.input.codepipeline.PipelineArtifactStore>[]) =>
    new aws.codepipeline.Pipeline(name, { roleArn: ROLE, pipelineType: "V2", artifactStores, stages });

describe(POLICY, () => {
    it("accepts customer-managed keys by ARN, id or own alias, and reports a missing key or aws/s3", async () => {
        const found = await findings(POLICY, () => {
            pipeline("key-arn", [{ location: "artifacts", type: "S3", encryptionKey: { id: KEY, type: "KMS" } }]);
            pipeline("own-alias", [{ location: "artifacts", type: "S3", encryptionKey: { id: "arn:aws:kms:us-east-1:123456789012:alias/platform", type: "KMS" } }]);
            pipeline("no-key", [{ location: "artifacts", type: "S3" }]);
            pipeline("aws-s3", [{ location: "artifacts", type: "S3", encryptionKey: { id: "alias/aws/s3", type: "KMS" } }]);
            pipeline("aws-s3-arn", [{ location: "artifacts", type: "S3", encryptionKey: { id: "arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/aws/s3", type: "KMS" } }]);
        });
        assert.deepEqual(found.map((f) => f.replace(/ Fix:.*/, "")), [
            'aws-s3: Pipeline "aws-s3" keeps artifacts in artifact store "artifacts" under the AWS-managed key alias/aws/s3.',
            'aws-s3-arn: Pipeline "aws-s3-arn" keeps artifacts in artifact store "artifacts" under the AWS-managed key arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/aws/s3.',
            'no-key: Pipeline "no-key" keeps artifacts in artifact store "artifacts" under the AWS-managed aws/s3 key (no encryptionKey).',
        ]);
    });

    it("judges each region's artifact store of a cross-region pipeline", async () => {
        const found = await findings(POLICY, () => {
            pipeline("cross-region", [
                { location: "artifacts-use1", region: "us-east-1", type: "S3", encryptionKey: { id: KEY, type: "KMS" } },
                { location: "artifacts-euw1", region: "eu-west-1", type: "S3" },
            ]);
        });
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0], /artifact store "artifacts-euw1" \(eu-west-1\)/);
    });

    it("counts a key unknown in preview as a key of the stack, and judges the stores it can", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            pipeline("later", [{ location: "artifacts", type: "S3", encryptionKey: { id: previewKey(), type: "KMS" } }]);
            pipeline("later-bucket", [{ location: new aws.s3.Bucket("artifacts").bucket, type: "S3" }]);
        });
        assert.deepEqual(violations.map((v) => v.replace(/ Fix:.*/, "")), ['later-bucket: Pipeline "later-bucket" keeps artifacts in artifact store #1 under the AWS-managed aws/s3 key (no encryptionKey).']);
        assert.deepEqual(skips, []);
    });

    it("does not judge other resource types", async () => {
        assert.deepEqual(await reported(POLICY, () => new aws.s3.Bucket("artifacts")), []);
    });
});
