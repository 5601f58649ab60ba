import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ECS_TRUST, findings, reported } from "../../../test/support/policySpec";

describe("kms-key-policy-safe", () => {
    it("reports a '*' grant without conditions and a bypassed lockout check", async () => {
        const open = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }] });
        const conditioned = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } } }] });
        const found = await reported("kms-key-policy-safe", () => {
            new aws.kms.Key("open", { enableKeyRotation: true, policy: open });
            new aws.kms.Key("conditioned", { enableKeyRotation: true, policy: conditioned });
            new aws.kms.Key("bypass", { enableKeyRotation: true, bypassPolicyLockoutSafetyCheck: true });
        });
        assert.deepEqual(found, ["bypass", "open"]);
    });

    it("judges conditions by meaning: TLS-only and NotPrincipal are public, an organisation or VPC endpoint limit is not", async () => {
        const key = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*", ...statement }] });
        const found = await findings("kms-key-policy-safe", () => {
            new aws.kms.Key("tls-only", { enableKeyRotation: true, policy: key({ Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }) });
            new aws.kms.Key("not-principal", { enableKeyRotation: true, policy: key({ NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } }) });
            new aws.kms.Key("org", { enableKeyRotation: true, policy: key({ Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } } }) });
            new aws.kms.Key("vpce", { enableKeyRotation: true, policy: key({ Principal: "*", Condition: { StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } } }) });
            new aws.kms.Key("wildcard-org", { enableKeyRotation: true, policy: key({ Principal: "*", Condition: { StringLike: { "aws:PrincipalOrgID": "*" } } }) });
            new aws.kms.Key("garbled", { enableKeyRotation: true, policy: "{ not json" });
        });
        assert.deepEqual(found.map((v) => v.split(":")[0]).sort(), ["garbled", "not-principal", "tls-only", "wildcard-org"], found.join("\n"));
        assert.match(found.join("\n"), /tls-only: Key "tls-only" policy: statement #1 allows kms:Decrypt to any principal \("\*"\) with no condition on who or from where\. Fix: name the account/);
        assert.match(found.join("\n"), /garbled: Key "garbled" policy: cannot be judged: /);
    });

    it("reports nothing in preview for a key policy that names a role not created yet", async () => {
        const build = () => {
            const role = new aws.iam.Role("admin", { assumeRolePolicy: ECS_TRUST });
            new aws.kms.Key("k", { enableKeyRotation: true, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: role.arn }, Action: "kms:*", Resource: "*" }] }) });
        };
        assert.deepEqual(await reported("kms-key-policy-safe", build, {}, true), []);
    });
});
