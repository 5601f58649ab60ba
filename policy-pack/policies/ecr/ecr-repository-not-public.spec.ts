import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inPreview, findings, reported } from "../../../test/support/policySpec";

const POLICY = "ecr-repository-not-public";
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

describe(POLICY, () => {
    it("accepts named principals and \"*\" limited to the organisation or a VPC endpoint", async () => {
        const found = await reported(POLICY, () => {
            new aws.ecr.RepositoryPolicy("account", { repository: "r", policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: PULL }) });
            new aws.ecr.RepositoryPolicy("org", { repository: "r", policy: doc({ Effect: "Allow", Principal: "*", Action: PULL, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }) });
            new aws.ecr.RepositoryPolicy("deny", { repository: "r", policy: doc({ Effect: "Deny", Principal: "*", Action: "ecr:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }) });
        });
        assert.deepEqual(found, []);
    });

    it("reports public grants in every spelling, and creation templates too", async () => {
        const found = await findings(POLICY, () => {
            new aws.ecr.RepositoryPolicy("star", { repository: "r", policy: doc({ Effect: "Allow", Principal: "*", Action: PULL }) });
            new aws.ecr.RepositoryPolicy("aws-star", { repository: "r", policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: PULL, Condition: { Bool: { "aws:SecureTransport": "true" } } }) });
            new aws.ecr.RepositoryPolicy("not-principal", { repository: "r", policy: doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" }, Action: PULL }) });
            new aws.ecr.RepositoryCreationTemplate("template", { prefix: "ml", appliedFors: ["PULL_THROUGH_CACHE"], repositoryPolicy: doc({ Effect: "Allow", Principal: "*", Action: PULL }) });
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]).sort(), ["aws-star", "not-principal", "star", "template"]);
        assert.match(found.join("\n"), /aws-star: RepositoryPolicy "aws-star" policy statement #1 allows ecr:BatchGetImage, ecr:GetDownloadUrlForLayer to any principal \("\*"\) with no condition on who or from where\. Fix: name the principals, or add aws:PrincipalOrgID/);
    });

    it("reports a policy it cannot read (fail closed)", async () => {
        const found = await findings(POLICY, () => void new aws.ecr.RepositoryPolicy("typo", { repository: "r", policy: doc({ Effect: "Allow", Principals: "*", Action: PULL }) }));
        assert.equal(found.length, 1);
        assert.match(found[0], /typo: RepositoryPolicy "typo" policy cannot be judged: statement #1 has element\(s\) AWS does not know: Principals/);
    });

    it("skips, and says so, a policy unknown in preview", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const repo = new aws.ecr.Repository("r", { imageTagMutability: "IMMUTABLE" });
            new aws.ecr.RepositoryPolicy("later", { repository: repo.name, policy: repo.arn.apply((arn) => doc({ Effect: "Allow", Principal: "*", Action: PULL, Resource: arn })) });
        });
        assert.deepEqual(violations, []);
        assert.equal(skips.length, 1, skips.join("\n"));
    });
});
