import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { inlineRun, skipsOf, violationsOf } from "../../../test/harness";
import { findings, KEY, taskDefinition } from "../../../test/support/policySpec";

describe("ecs-no-plaintext-secrets", () => {
    it("reports secret-looking names and access keys, not ordinary variables or secrets", async () => {
        const found = await findings("ecs-no-plaintext-secrets", () => {
            taskDefinition("ok", { environment: [{ name: "AWS_REGION", value: "us-east-1" }], secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x" }] });
            taskDefinition("password", { environment: [{ name: "DB_PASSWORD", value: "senhaforte" }] });
            taskDefinition("key", { environment: [{ name: "AWS_ID", value: "AKIAIOSFODNN7EXAMPLE" }] });
        });
        assert.equal(found.length, 2, found.join("\n"));
        assert.match(found.join("\n"), /password: TaskDefinition "password" container "app" has a secret-looking variable DB_PASSWORD in plaintext environment\. Fix: move it to the container's secrets/);
        assert.match(found.join("\n"), /key: TaskDefinition "key" container "app" has an AWS access key in variable AWS_ID/);
    });

    it("passes variables that only point at a secret (its ARN, parameter path or name) and flags-like values", async () => {
        const found = await findings("ecs-no-plaintext-secrets", () => {
            taskDefinition("pointers", {
                environment: [
                    { name: "DB_PASSWORD_SECRET_ARN", value: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" },
                    { name: "API_TOKEN_PARAMETER", value: "/app/prod/api-token" },
                    { name: "DB_SECRET", value: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" },
                    { name: "TOKEN_TTL", value: "3600" },
                ],
            });
        });
        assert.deepEqual(found, []);
    });

    it("reports secrets by value under innocent names: a URI with a password, a private key", async () => {
        const found = await findings("ecs-no-plaintext-secrets", () => {
            taskDefinition("uri", { environment: [{ name: "DATABASE", value: "postgres://app:hunter22@db.internal:5432/app" }] });
            taskDefinition("pem", { environment: [{ name: "TLS", value: "-----BEGIN RSA PRIVATE KEY-----\nMIIE..." }] });
        });
        assert.equal(found.length, 2, found.join("\n"));
        assert.match(found.join("\n"), /uri: TaskDefinition "uri" container "app" has a URI with a password in variable DATABASE/);
        assert.match(found.join("\n"), /pem: TaskDefinition "pem" container "app" has a private key in variable TLS/);
    });

    it("reports container definitions it cannot read (fail closed)", async () => {
        const found = await findings("ecs-no-plaintext-secrets", () => {
            new aws.ecs.TaskDefinition("garbled", { family: "garbled", containerDefinitions: '[{"name": "app", "environment": [' });
        });
        assert.deepEqual(found, ['garbled: TaskDefinition "garbled" has container definitions that cannot be read, so their environment cannot be judged. Fix: give containerDefinitions as a JSON array of container definitions.']);
    });

    it("skips container definitions unknown in preview, and says so", async () => {
        const run = await inlineRun(
            () => {
                const secret = new aws.secretsmanager.Secret("db", { kmsKeyId: KEY });
                new aws.ecs.TaskDefinition("app", {
                    family: "app",
                    containerDefinitions: pulumi.jsonStringify([{ name: "app", image: "repo:1", secrets: [{ name: "DB_PASSWORD", valueFrom: secret.arn }] }]),
                });
            },
            { preview: true },
        );
        assert.deepEqual(await violationsOf(run, "ecs-no-plaintext-secrets"), []);
        assert.equal((await skipsOf(run, "ecs-no-plaintext-secrets")).length, 1);
    });
});
