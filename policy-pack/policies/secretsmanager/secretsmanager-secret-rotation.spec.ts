import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { reported } from "../../../test/support/policySpec";

describe("secretsmanager-secret-rotation", () => {
    it("links rotations to their secret", async () => {
        assert.deepEqual(
            await reported("secretsmanager-secret-rotation", () => {
                const rotated = new aws.secretsmanager.Secret("rotated", {});
                new aws.secretsmanager.SecretRotation("rotated", { secretId: rotated.id, rotationLambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:rotate", rotationRules: { automaticallyAfterDays: 30 } });
                new aws.secretsmanager.Secret("static", {});
                new aws.secretsmanager.Secret("exempt", { tags: { "mlplatform:exempt:secretsmanager-secret-rotation": "A partner API key that only the partner can rotate" } });
            }),
            ["static"],
        );
    });

    it("links by property dependency in preview, when the secret's id is unknown", async () => {
        const build = () => {
            const rotated = new aws.secretsmanager.Secret("rotated", {});
            new aws.secretsmanager.SecretRotation("rotated", { secretId: rotated.id, rotationLambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:rotate", rotationRules: { automaticallyAfterDays: 30 } });
        };
        assert.deepEqual(await reported("secretsmanager-secret-rotation", build, {}, true), []);
    });
});
