import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ECS_TRUST, reported } from "../../../test/support/policySpec";

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

    it("reports nothing in preview for a key policy that names a role not created yet", async () => {
        const build = () => {
            const role = new aws.iam.Role("admin", { assumeRolePolicy: ECS_TRUST });
            new aws.kms.Key("k", { enableKeyRotation: true, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: role.arn }, Action: "kms:*", Resource: "*" }] }) });
        };
        assert.deepEqual(await reported("kms-key-policy-safe", build, {}, true), []);
    });
});
