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

    it("reads the EnvironmentVariables of CodePipeline actions, which override the project's (issue 12's deploy pipeline)", async () => {
        const action = (name: string, variables: object[]) => ({ name, category: "Build", owner: "AWS", provider: "CodeBuild", version: "1", inputArtifacts: ["src"], configuration: { ProjectName: "deploy", EnvironmentVariables: JSON.stringify(variables) } });
        const pipeline = (name: string, variables: object[]) =>
            new aws.codepipeline.Pipeline(name, {
                roleArn: ROLE,
                artifactStores: [{ location: "artifacts", type: "S3" }],
                stages: [
                    { name: "Source", actions: [{ name: "Source", category: "Source", owner: "AWS", provider: "S3", version: "1", outputArtifacts: ["src"], configuration: { S3Bucket: "b", S3ObjectKey: "k" } }] },
                    { name: "DeployProd", actions: [action("Deploy", variables)] },
                ],
            });
        const found = await findings(POLICY, () => {
            pipeline("references", [
                { name: "DEPLOY_STAGE", value: "prod", type: "PLAINTEXT" },
                { name: "PULUMI_SECRETS_PROVIDER", value: "awskms://alias/mlplatform-pulumi?region=eu-west-1", type: "PLAINTEXT" },
                { name: "PULUMI_BACKEND_URL", value: "s3://mlplatform-pulumi-state/model-endpoints" },
                { name: "KMS_KEY_ARN", value: "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789" },
                { name: "PULUMI_STACK", value: "mlplatform-model-endpoint-prod" },
                { name: "PULUMI_ACCESS_TOKEN", value: "ci/pulumi-token", type: "SECRETS_MANAGER" },
            ]);
            pipeline("plaintext-token", [{ name: "PULUMI_ACCESS_TOKEN", value: "pul-" + "0123456789abcdef".repeat(2) + "01234567" }]);
        });
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0], /^plaintext-token: Pipeline "plaintext-token" sets PULUMI_ACCESS_TOKEN in stage DeployProd action Deploy EnvironmentVariables in plaintext/);
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
