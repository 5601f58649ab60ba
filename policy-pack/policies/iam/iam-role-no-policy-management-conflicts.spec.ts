import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { ECS_TRUST, reported } from "../../../test/support/policySpec";

const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] });

describe("iam-role-no-policy-management-conflicts", () => {
    it("reports a role with inline and separate policies, not one with separate policies only", async () => {
        assert.deepEqual(
            await reported("iam-role-no-policy-management-conflicts", () => {
                const mixed = new aws.iam.Role("mixed", { assumeRolePolicy: ECS_TRUST, inlinePolicies: [{ name: "inline", policy }] });
                new aws.iam.RolePolicy("mixed", { role: mixed.name, policy });
                const separate = new aws.iam.Role("separate", { assumeRolePolicy: ECS_TRUST });
                new aws.iam.RolePolicy("separate", { role: separate.name, policy });
            }),
            ["mixed"],
        );
    });

    it("links by property dependency in preview, when role names are unknown", async () => {
        const build = () => {
            const mixed = new aws.iam.Role("mixed", { assumeRolePolicy: ECS_TRUST, inlinePolicies: [{ name: "inline", policy }] });
            new aws.iam.RolePolicy("mixed", { role: mixed.name, policy });
        };
        assert.deepEqual(await reported("iam-role-no-policy-management-conflicts", build, {}, true), ["mixed"]);
    });
});
