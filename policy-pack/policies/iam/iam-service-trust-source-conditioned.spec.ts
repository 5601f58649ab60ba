import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, inPreview, reported } from "../../../test/support/policySpec";

const POLICY = "iam-service-trust-source-conditioned";
const ACCOUNT = "123456789012";
const trust = (service: string | string[], condition?: object) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }] });
const role = (name: string, service: string | string[], condition?: object) => new aws.iam.Role(name, { assumeRolePolicy: trust(service, condition) });

describe(POLICY, () => {
    it("accepts service trust tied to this account by aws:SourceAccount, aws:SourceArn or the organisation", async () => {
        const found = await reported(POLICY, () => {
            role("source-account", "codepipeline.amazonaws.com", { StringEquals: { "aws:SourceAccount": ACCOUNT } });
            role("source-arn", "codebuild.amazonaws.com", { ArnLike: { "aws:SourceArn": `arn:aws:codebuild:us-east-1:${ACCOUNT}:project/*` } });
            role("source-org", "states.amazonaws.com", { StringEquals: { "aws:SourceOrgID": "o-abc123def4" } });
            role("china-partition", "sagemaker.amazonaws.com.cn", { StringEquals: { "aws:sourceaccount": ACCOUNT } });
        });
        assert.deepEqual(found, []);
    });

    it("reports listed services trusted without a source condition, or with one that limits nothing", async () => {
        const found = await findings(POLICY, () => {
            role("pipeline", "codepipeline.amazonaws.com");
            role("sagemaker", "sagemaker.amazonaws.com", { Bool: { "aws:SecureTransport": "true" } });
            role("wildcard", "events.amazonaws.com", { StringLike: { "aws:SourceAccount": "*" } });
            role("negated", "ecs-tasks.amazonaws.com", { StringNotEquals: { "aws:SourceAccount": "999999999999" } });
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]).sort(), ["negated", "pipeline", "sagemaker", "wildcard"]);
        assert.match(found.find((f) => f.startsWith("pipeline"))!, /statement #1 lets codepipeline\.amazonaws\.com assume the role on behalf of any account\. Fix: add an aws:SourceAccount/);
    });

    it("leaves out services that do not send aws:SourceAccount when assuming a role (Lambda, EC2, Glue), and follows the pack config's list", async () => {
        const build = () => {
            role("lambda", "lambda.amazonaws.com");
            role("ec2", "ec2.amazonaws.com");
            role("glue", "glue.amazonaws.com");
        };
        assert.deepEqual(await reported(POLICY, build), []);
        assert.deepEqual(await reported(POLICY, build, { [POLICY]: { services: ["glue"] } }), ["glue"]);
    });

    it("waits for a trust policy unknown in preview", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const account = new aws.sns.Topic("t").arn.apply(() => ACCOUNT);
            new aws.iam.Role("later", { assumeRolePolicy: account.apply((a) => trust("codebuild.amazonaws.com", { StringEquals: { "aws:SourceAccount": a } })) });
        });
        assert.deepEqual(violations, []);
        assert.equal(skips.length, 1, skips.join("\n"));
    });
});
