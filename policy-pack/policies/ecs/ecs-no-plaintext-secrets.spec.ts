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
        assert.match(found.join("\n"), /key: TaskDefinition "key" container "app" has an AWS access key AWS_ID/);
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
