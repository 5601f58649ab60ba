import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { inlineRun, skipsOf, violationsOf } from "../../../test/harness";
import { ECS_TRUST, roleWith } from "../../../test/support/policySpec";

describe("iam-role-trust-scoped", () => {
    it("reports the seed's role trusted by many services and a '*' principal", async () => {
        const run = await inlineRun(() => {
            roleWith("many", [], { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: ["glue.amazonaws.com", "sagemaker.amazonaws.com"] }, Action: "sts:AssumeRole" }] });
            roleWith("anyone", [], { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] });
            roleWith("one", []);
        });
        const found = await violationsOf(run, "iam-role-trust-scoped");
        assert.equal(found.length, 2, found.join("\n"));
        assert.match(found.join("\n"), /many: Role "many" assumeRolePolicy: the role is trusted by 2 services \(glue\.amazonaws\.com, sagemaker\.amazonaws\.com\)\. Fix: create one role per service/);
        assert.match(found.join("\n"), /anyone: Role "anyone" assumeRolePolicy: statement #1 lets any principal \("\*"\) assume the role\. Fix: name the service or account principals/);
    });

    it("reports NotPrincipal with Allow and '*' under a condition that does not limit who; passes '*' limited to the organisation", async () => {
        const trust = (statement: object) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", ...statement }] });
        const run = await inlineRun(() => {
            roleWith("not-principal", [], trust({ NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } }));
            roleWith("tls-only", [], trust({ Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }));
            roleWith("org", [], trust({ Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } } }));
            roleWith("account", [], trust({ Principal: { AWS: "arn:aws:iam::123456789012:root" } }));
        });
        const found = await violationsOf(run, "iam-role-trust-scoped");
        assert.deepEqual(found.map((v) => v.split(":")[0]).sort(), ["not-principal", "tls-only"], found.join("\n"));
        assert.match(found.join("\n"), /not-principal: .* lets everyone but the NotPrincipal assume the role/);
    });

    it("reports a trust policy it cannot parse (fail closed), and leaves federated trust to its own policy", async () => {
        const run = await inlineRun(() => {
            roleWith("garbled", [], { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Bogus: 1 }] });
            roleWith("github", [], {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity" }],
            });
        });
        const found = await violationsOf(run, "iam-role-trust-scoped");
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0], /^garbled: Role "garbled" assumeRolePolicy: cannot be judged: /);
    });

    it("skips a trust policy unknown in preview, and says so", async () => {
        const run = await inlineRun(
            () => {
                const other = new aws.iam.Role("other", { assumeRolePolicy: ECS_TRUST });
                new aws.iam.Role("trusting", { assumeRolePolicy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: other.arn }, Action: "sts:AssumeRole" }] }) });
            },
            { preview: true },
        );
        assert.deepEqual(await violationsOf(run, "iam-role-trust-scoped"), []);
        assert.equal((await skipsOf(run, "iam-role-trust-scoped")).length, 1);
    });
});
