import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, skipsOf, violationsOf } from "../../../test/harness";
import { findings, KEY, previewKey } from "../../../test/support/policySpec";

describe("ssm-secure-string-for-secrets", () => {
    it("reports a secret-looking parameter stored as String, not an ordinary one or a SecureString", async () => {
        const found = await findings("ssm-secure-string-for-secrets", () => {
            new aws.ssm.Parameter("batch", { name: "/sefaz-ml/prod/training/batch_size", type: "String", value: "64" });
            new aws.ssm.Parameter("token-secure", { name: "/sefaz-ml/prod/training/api_token", type: "SecureString", value: "x", keyId: KEY });
            new aws.ssm.Parameter("token-plain", { name: "/sefaz-ml/prod/training/api_token_v2", type: "String", value: "x" });
        });
        assert.deepEqual(found, [
            'token-plain: Parameter "token-plain" stores /sefaz-ml/prod/training/api_token_v2 as String. Fix: set type: "SecureString" and keyId to a customer-managed KMS key, and pass the value as a Pulumi secret.',
        ]);
    });

    it("skips a type unknown in preview, and says so", async () => {
        const run = await inlineRun(() => new aws.ssm.Parameter("later", { name: "/app/api_token", type: previewKey().apply(() => "SecureString"), value: "x", keyId: KEY }), { preview: true });
        assert.deepEqual(await violationsOf(run, "ssm-secure-string-for-secrets"), []);
        assert.equal((await skipsOf(run, "ssm-secure-string-for-secrets")).length, 1);
    });
});
