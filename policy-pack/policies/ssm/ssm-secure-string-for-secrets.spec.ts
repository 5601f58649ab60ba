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

    it("judges every segment of the path, camelCase too, and leaves names that only point at a secret", async () => {
        const found = await findings("ssm-secure-string-for-secrets", () => {
            new aws.ssm.Parameter("mid-path", { name: "/app/password/db", type: "String", value: "x" });
            new aws.ssm.Parameter("camel", { name: "/app/prod/dbPassword", type: "StringList", value: "x" });
            new aws.ssm.Parameter("unnamed-secret", { type: "String", value: "x" });
            new aws.ssm.Parameter("pointer", { name: "/app/prod/db_password_arn", type: "String", value: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db" });
            new aws.ssm.Parameter("tokenizer", { name: "/app/prod/tokenizer_model", type: "String", value: "bert-base" });
        });
        assert.deepEqual(found.map((v) => v.split(":")[0]).sort(), ["camel", "mid-path", "unnamed-secret"], found.join("\n"));
        assert.match(found.join("\n"), /camel: Parameter "camel" stores \/app\/prod\/dbPassword as StringList\. Fix: set type: "SecureString"/);
    });

    it("reports a secret by its value under an ordinary name", async () => {
        const found = await findings("ssm-secure-string-for-secrets", () => {
            new aws.ssm.Parameter("dsn", { name: "/app/prod/database_url", type: "String", value: "postgresql://app:s3cr3tpass@db.internal:5432/app" });
            new aws.ssm.Parameter("url", { name: "/app/prod/service_url", type: "String", value: "https://api.example.com/v1" });
        });
        assert.deepEqual(found, [
            'dsn: Parameter "dsn" stores a URI with a password in /app/prod/database_url as String. Fix: set type: "SecureString" and keyId to a customer-managed KMS key, and pass the value as a Pulumi secret.',
        ]);
    });

    it("skips a type unknown in preview, and says so", async () => {
        const run = await inlineRun(() => new aws.ssm.Parameter("later", { name: "/app/api_token", type: previewKey().apply(() => "SecureString"), value: "x", keyId: KEY }), { preview: true });
        assert.deepEqual(await violationsOf(run, "ssm-secure-string-for-secrets"), []);
        assert.equal((await skipsOf(run, "ssm-secure-string-for-secrets")).length, 1);
    });
});
