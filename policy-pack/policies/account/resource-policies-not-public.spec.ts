import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inPreview, findings, reported } from "../../../test/support/policySpec";

const POLICY = "resource-policies-not-public";
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts";

describe(POLICY, () => {
    it("accepts grants to services with a source condition, to the own account, and Deny statements", async () => {
        const found = await reported(POLICY, () => {
            new aws.sns.TopicPolicy("alarms", {
                arn: TOPIC,
                policy: doc(
                    { Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: TOPIC, Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } },
                    { Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: TOPIC, Condition: { Bool: { "aws:SecureTransport": "false" } } },
                ),
            });
            new aws.kms.KeyPolicy("key", { keyId: "k", policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" }) });
            new aws.secretsmanager.SecretPolicy("org", { secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:s", policy: doc({ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }) });
            new aws.sqs.Queue("typed", { policy: doc({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "*", Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/r" } } }) });
        });
        assert.deepEqual(found, []);
    });

    it("reports public grants however they are spelled, on every resource-policy type", async () => {
        const found = await findings(POLICY, () => {
            new aws.sns.TopicPolicy("tls-only", { arn: TOPIC, policy: doc({ Effect: "Allow", Principal: "*", Action: "sns:Subscribe", Resource: TOPIC, Condition: { Bool: { "aws:SecureTransport": "true" } } }) });
            new aws.sqs.QueuePolicy("aws-star", { queueUrl: "https://sqs/q", policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sqs:SendMessage", Resource: "*" }) });
            new aws.kms.KeyPolicy("not-principal", { keyId: "k", policy: doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::123456789012:role/admin" }, Action: "kms:Decrypt", Resource: "*" }) });
            new aws.glue.ResourcePolicy("catalog", { policy: doc({ Effect: "Allow", Principal: "*", Action: "glue:GetTable", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-evil" } } }) });
            new aws.sagemaker.ModelPackageGroupPolicy("registry", { modelPackageGroupName: "m", resourcePolicy: doc({ Effect: "Allow", Principal: "*", Action: "sagemaker:DescribeModelPackage", Resource: "*" }) });
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]).sort(), ["aws-star", "catalog", "not-principal", "registry", "tls-only"]);
        assert.match(found.join("\n"), /tls-only: TopicPolicy "tls-only" policy statement #1 allows sns:Subscribe to any principal \("\*"\) with no condition on who or from where\. Fix: name the principals/);
        assert.match(found.join("\n"), /not-principal: KeyPolicy "not-principal" policy statement #1 allows kms:Decrypt to everyone but the NotPrincipal/);
    });

    it("reports grants to other accounts when the trusted accounts are configured, and a policy it cannot parse", async () => {
        const build = () => {
            new aws.secretsmanager.SecretPolicy("shared", { secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:s", policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) });
            new aws.sns.TopicPolicy("broken", { arn: TOPIC, policy: "{" });
        };
        assert.deepEqual(await reported(POLICY, build), ["broken"]);
        const found = await findings(POLICY, build, { [POLICY]: { trustedAccounts: ["123456789012"] } });
        assert.match(found.join("\n"), /shared: SecretPolicy "shared" policy statement #1 allows secretsmanager:GetSecretValue to account\(s\) 999999999999/);
        assert.match(found.join("\n"), /broken: TopicPolicy "broken" policy cannot be judged: it is not valid JSON/);
    });

    it("skips, and says so, a policy unknown in preview", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const topic = new aws.sns.Topic("t", {});
            new aws.sns.TopicPolicy("later", { arn: topic.arn, policy: topic.arn.apply((arn) => doc({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: arn })) });
        });
        assert.deepEqual(violations, []);
        assert.equal(skips.length, 1, skips.join("\n"));
    });
});
