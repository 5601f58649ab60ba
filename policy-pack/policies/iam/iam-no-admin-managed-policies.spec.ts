import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { ECS_TRUST, reported } from "../../../test/support/policySpec";

describe("iam-no-admin-managed-policies", () => {
    it("reports AdministratorAccess and *FullAccess attachments, not service-role policies", async () => {
        const found = await reported("iam-no-admin-managed-policies", () => {
            const role = new aws.iam.Role("app", { assumeRolePolicy: ECS_TRUST });
            new aws.iam.RolePolicyAttachment("admin", { role: role.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
            new aws.iam.RolePolicyAttachment("s3-full", { role: role.name, policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" });
            new aws.iam.RolePolicyAttachment("service-role", { role: role.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup" });
            new aws.iam.Role("inline-managed", { assumeRolePolicy: ECS_TRUST, managedPolicyArns: ["arn:aws:iam::aws:policy/IAMFullAccess"] });
        });
        assert.deepEqual(found, ["admin", "inline-managed", "s3-full"]);
    });

    it("judges an attachment in preview, where the role's name is unknown but the policy ARN is not", async () => {
        const build = () => {
            const role = new aws.iam.Role("app", { assumeRolePolicy: ECS_TRUST });
            new aws.iam.RolePolicyAttachment("admin", { role: role.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
        };
        assert.deepEqual(await reported("iam-no-admin-managed-policies", build, {}, true), ["admin"]);
    });
});
