import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { KEY, previewKey, reported } from "../../../test/support/policySpec";

describe("secretsmanager-secret-kms", () => {
    it("reports a secret on the default key", async () => {
        const build = () => {
            new aws.secretsmanager.Secret("cmk", { kmsKeyId: KEY });
            new aws.secretsmanager.Secret("default", {});
            new aws.secretsmanager.Secret("aws-managed", { kmsKeyId: "alias/aws/secretsmanager" });
            // Any AWS-managed alias, as an alias ARN too (the check once knew only alias/aws/secretsmanager, bare).
            new aws.secretsmanager.Secret("aws-managed-arn", { kmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/secretsmanager" });
            new aws.secretsmanager.Secret("own-alias", { kmsKeyId: "alias/platform-secrets" });
        };
        assert.deepEqual(await reported("secretsmanager-secret-kms", build), ["aws-managed", "aws-managed-arn", "default"]);
    });

    it("counts a key unknown in preview as set", async () => {
        assert.deepEqual(await reported("secretsmanager-secret-kms", () => new aws.secretsmanager.Secret("later", { kmsKeyId: previewKey() }), {}, true), []);
    });
});
