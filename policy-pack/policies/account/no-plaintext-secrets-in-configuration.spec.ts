import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { inPreview, findings, reported, ROLE } from "../../../test/support/policySpec";

const POLICY = "no-plaintext-secrets-in-configuration";
const code = new pulumi.asset.AssetArchive({ "app.py": new pulumi.asset.StringAsset("def handler(e, c):\n    return 1\n") });
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db";

function lambda(name: string, variables: Record<string, string>) {
    return new aws.lambda.Function(name, { role: ROLE, runtime: "python3.12", handler: "app.handler", code, environment: { variables } });
}

describe(POLICY, () => {
    it("accepts references to secrets and ordinary settings", async () => {
        const found = await reported(POLICY, () => {
            lambda("refs", { DB_PASSWORD_SECRET_ARN: SECRET_ARN, LOG_LEVEL: "info", TOKEN_URL: "https://auth.example.com/token" });
            new aws.glue.Connection("jdbc", { connectionProperties: { JDBC_CONNECTION_URL: "jdbc:postgresql://db:5432/ml", SECRET_ID: "db" } });
            new aws.codebuild.Project("build", {
                serviceRole: ROLE,
                artifacts: { type: "NO_ARTIFACTS" },
                source: { type: "NO_SOURCE", buildspec: "version: 0.2" },
                environment: { type: "LINUX_CONTAINER", computeType: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/standard:7.0", environmentVariables: [{ name: "GITHUB_TOKEN", value: "ci/github-token", type: "SECRETS_MANAGER" }] },
            });
            new aws.ec2.Instance("boot", { ami: "ami-1", instanceType: "t3.micro", userData: "#!/bin/bash\naws secretsmanager get-secret-value --secret-id db\n" });
        });
        assert.deepEqual(found, []);
    });

    it("reports secrets by name and by value in every service's settings, and in user data", async () => {
        const found = await findings(POLICY, () => {
            lambda("named", { DB_PASSWORD: "hunter2-hunter2" });
            lambda("uri", { DATABASE: "postgres://app:s3cr3t@db.internal:5432/ml" });
            new aws.sagemaker.Model("model", { executionRoleArn: ROLE, primaryContainer: { image: "i", environment: { HF_TOKEN: "hf_abcdefghijklmnop" } } });
            new aws.glue.Connection("jdbc", { connectionProperties: { JDBC_CONNECTION_URL: "jdbc:postgresql://db:5432/ml", USERNAME: "app", PASSWORD: "s3cr3t-pw" } });
            new aws.codebuild.Project("build", {
                serviceRole: ROLE,
                artifacts: { type: "NO_ARTIFACTS" },
                source: { type: "NO_SOURCE", buildspec: "version: 0.2" },
                environment: { type: "LINUX_CONTAINER", computeType: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/standard:7.0", environmentVariables: [{ name: "GITHUB_TOKEN", value: "ghp_" + "a".repeat(36) }] },
            });
            new aws.batch.JobDefinition("job", { type: "container", containerProperties: JSON.stringify({ image: "i", environment: [{ name: "API_KEY", value: "abcdef123456" }] }) });
            new aws.ec2.LaunchTemplate("boot", { userData: Buffer.from("#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n").toString("base64") });
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]).sort(), ["boot", "build", "jdbc", "job", "model", "named", "uri"]);
        assert.match(found.join("\n"), /named: Function "named" sets DB_PASSWORD in environment\.variables in plaintext \(a secret-looking name\)\. Fix: store it in Secrets Manager/);
        assert.match(found.join("\n"), /uri: Function "uri" sets DATABASE in environment\.variables in plaintext \(a URI with a password\)/);
        assert.match(found.join("\n"), /boot: LaunchTemplate "boot" has an AWS access key in its user data/);
    });

    it("skips, and says so, settings unknown in preview", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const bucket = new aws.s3.Bucket("b", {});
            lambda("later", { BUCKET: bucket.bucket as unknown as string });
        });
        assert.deepEqual(violations, []);
        assert.equal(skips.length, 1, skips.join("\n"));
    });
});
