import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { KEY, previewKey, reported } from "../../../test/support/policySpec";

describe("secretsmanager-secret-kms", () => {
    it("reports a secret on the default key", async () => {
        const build = () => {
            new aws.secretsmanager.Secret("cmk", { kmsKeyId: KEY });
            new aws.secretsmanager.Secret("default", {});
            new aws.secretsmanager.Secret("aws-managed", { kmsKeyId: "alias/aws/secretsmanager" });
        };
        assert.deepEqual(await reported("secretsmanager-secret-kms", build), ["aws-managed", "default"]);
    });

    it("counts a key unknown in preview as set", async () => {
        assert.deepEqual(await reported("secretsmanager-secret-kms", () => new aws.secretsmanager.Secret("later", { kmsKeyId: previewKey() }), {}, true), []);
    });
});
