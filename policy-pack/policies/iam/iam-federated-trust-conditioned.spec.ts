import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inPreview, findings, reported } from "../../../test/support/policySpec";

const POLICY = "iam-federated-trust-conditioned";
const GITHUB = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const role = (name: string, condition?: object) =>
    new aws.iam.Role(name, {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: GITHUB }, Action: "sts:AssumeRoleWithWebIdentity", ...(condition ? { Condition: condition } : {}) }] }),
    });
const AUD = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };

describe(POLICY, () => {
    it("accepts a GitHub trust naming the audience and a repository, and roles trusted by services", async () => {
        const found = await reported(POLICY, () => {
            role("deploy", { StringEquals: { ...AUD, "token.actions.githubusercontent.com:sub": "repo:acme/ml:environment:prod" } });
            new aws.iam.Role("service", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
        });
        assert.deepEqual(found, []);
    });

    it("reports a GitHub trust without sub, with a wildcard sub, or without any condition", async () => {
        const found = await findings(POLICY, () => {
            role("no-sub", { StringEquals: AUD });
            role("any-repo", { StringEquals: AUD, StringLike: { "token.actions.githubusercontent.com:sub": "repo:*" } });
            role("open");
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]).sort(), ["any-repo", "no-sub", "open"]);
        assert.match(found.join("\n"), /no-sub: Role "no-sub" statement #1 trusts GitHub Actions OIDC provider .* without subject conditions, so any repository of that provider can assume the role\. Fix: add StringEquals on <provider>:aud/);
    });

    it("reports a trust policy it cannot parse", async () => {
        const found = await findings(POLICY, () => void new aws.iam.Role("broken", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: GITHUB } }] }) }));
        assert.match(found.join("\n"), /broken: Role "broken" assumeRolePolicy cannot be judged: statement #1 must have exactly one of Action and NotAction/);
    });

    it("skips, and says so, a trust policy unknown in preview", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const provider = new aws.iam.OpenIdConnectProvider("gh", { url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"] });
            new aws.iam.Role("later", { assumeRolePolicy: provider.arn.apply((arn) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: arn }, Action: "sts:AssumeRoleWithWebIdentity" }] })) });
        });
        assert.deepEqual(violations, []);
        assert.equal(skips.length, 1, skips.join("\n"));
    });
});
