import { strict as assert } from "assert";
import fc from "fast-check";
import { isSecretName, isSecretParameterName, keyReference, plaintextSecrets, secretValueKind } from "../../../policy-pack/lib/documents";

describe("documents: plaintext secrets by name and by value", () => {
    it("finds secret names with literal values, in maps and in {name, value} lists", () => {
        assert.deepEqual(plaintextSecrets({ DB_PASSWORD: "hunter2hunter2", LOG_LEVEL: "info" }), [{ name: "DB_PASSWORD", why: "a secret-looking name" }]);
        assert.deepEqual(plaintextSecrets([{ name: "apiKey", value: "abc123abc123" }]).map((s) => s.name), ["apiKey"]);
        assert.deepEqual(plaintextSecrets({ GITHUB_TOKEN: "x", clientSecret: "y", PRIVATE_KEY: "z" }).map((s) => s.name), ["GITHUB_TOKEN", "clientSecret", "PRIVATE_KEY"]);
    });

    it("leaves names that only point at a secret, and reference values, alone", () => {
        assert.deepEqual(
            plaintextSecrets({
                DB_PASSWORD_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db",
                TOKEN_URL: "https://auth.example.com/token",
                SECRET_NAME: "prod/db",
                API_KEY_PARAMETER: "/app/api-key",
                DB_PASSWORD: "{{resolve:secretsmanager:db:SecretString:password}}",
                PASSWORD_LENGTH: "16",
                KEY_ID: "alias/app",
                TOKEN_EXPIRY: "3600",
                USE_TOKEN_AUTH: "true",
                SENTRY_DSN: "https://abc123@o1.ingest.sentry.io/1",
                PASSWORD_ROTATION_DAYS: "30",
            }),
            [],
        );
    });

    it("finds secret values under any name: URIs with passwords, tokens, private keys, access keys", () => {
        const values: Array<[string, string]> = [
            ["postgres://app:s3cr3t@db.internal:5432/ml", "a URI with a password"],
            ["mongodb+srv://u:p4ss@cluster0.example.net/db", "a URI with a password"],
            ["-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "a private key"],
            ["AKIAIOSFODNN7EXAMPLE", "an AWS access key"],
            ["ghp_" + "a".repeat(36), "a GitHub token"],
            ["xoxb-123456789012-abcdefghij", "a Slack token"],
            ["Server=db;Database=ml;User Id=app;Password=s3cr3t;", "a password in a connection string"],
        ];
        for (const [value, why] of values) assert.deepEqual(plaintextSecrets({ SETTING: value }), [{ name: "SETTING", why }], value);
        assert.equal(secretValueKind("https://example.com/path"), undefined);
        assert.equal(secretValueKind("postgres://db.internal:5432/ml"), undefined, "a URI without credentials");
        assert.equal(secretValueKind("https://user@example.com/"), undefined, "a user without a password");
    });

    it("never flags a value that is an ARN, whatever its name (property)", () => {
        fc.assert(fc.property(fc.constantFrom("DB_PASSWORD", "API_TOKEN", "secret", "privateKey"), fc.stringMatching(/^[a-z0-9:/-]{1,40}$/), (name, rest) => {
            assert.deepEqual(plaintextSecrets({ [name]: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${rest}` }), []);
        }));
    });

    it("reads names in every case style", () => {
        for (const n of ["dbPassword", "DB_PASSWORD", "db-password", "db.password", "ApiKey", "api_key", "SECRET"]) assert.equal(isSecretName(n), true, n);
        for (const n of ["passenger", "tokenizer_model", "secretary_name", "keyboard", "bypass_cache"]) assert.equal(isSecretName(n), false, n);
    });

    it("sees secret-looking SSM parameters however the path is built", () => {
        for (const n of ["/ml/db/password", "/ml/DB_PASSWORD", "/ml/password/primary", "/ml/github-token", "apiKey"]) assert.equal(isSecretParameterName(n), true, n);
        for (const n of ["/ml/db/host", "/ml/model/threshold", "/ml/db/password-arn"]) assert.equal(isSecretParameterName(n), false, n);
    });
});

describe("documents: customer-managed key references", () => {
    it("does not count AWS-managed aliases as customer-managed, bare or as ARNs, for any service", () => {
        for (const service of ["s3", "sns", "sqs", "secretsmanager", "rds", "ebs", "lambda"]) {
            assert.equal(keyReference(`alias/aws/${service}`), "aws-managed");
            assert.equal(keyReference(`arn:aws:kms:us-east-1:123456789012:alias/aws/${service}`), "aws-managed");
        }
        assert.equal(keyReference("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"), "customer-managed");
        assert.equal(keyReference("alias/platform"), "customer-managed");
        assert.equal(keyReference("alias/awsome"), "customer-managed");
        assert.equal(keyReference(""), "missing");
        assert.equal(keyReference(undefined), "missing");
    });
});
