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

    it("reports the admin-equivalent variants by any attachment resource: exclusive attachments, users, groups, permission sets", async () => {
        const found = await reported("iam-no-admin-managed-policies", () => {
            const role = new aws.iam.Role("app", { assumeRolePolicy: ECS_TRUST });
            new aws.iam.RolePolicyAttachmentsExclusive("lambda-full", { roleName: role.name, policyArns: ["arn:aws:iam::aws:policy/AWSLambda_FullAccess"] });
            new aws.iam.UserPolicyAttachment("cw-v2", { user: "someone", policyArn: "arn:aws:iam::aws:policy/CloudWatchFullAccessV2" });
            new aws.iam.GroupPolicyAttachmentsExclusive("amplify", { groupName: "ops", policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess-Amplify"] });
            new aws.iam.PolicyAttachment("power", { policyArn: "arn:aws-us-gov:iam::aws:policy/PowerUserAccess", roles: [role.name] });
            new aws.ssoadmin.ManagedPolicyAttachment("sso-admin", {
                instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
                permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef",
                managedPolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
            });
        });
        assert.deepEqual(found, ["amplify", "cw-v2", "lambda-full", "power", "sso-admin"]);
    });

    it("passes read-only and job-function policies and customer-managed policies named like FullAccess", async () => {
        const found = await reported("iam-no-admin-managed-policies", () => {
            const role = new aws.iam.Role("app", { assumeRolePolicy: ECS_TRUST, managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] });
            new aws.iam.RolePolicyAttachmentsExclusive("readers", { roleName: role.name, policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] });
            new aws.iam.RolePolicyAttachment("own", { role: role.name, policyArn: "arn:aws:iam::123456789012:policy/TeamFullAccess" });
        });
        assert.deepEqual(found, []);
    });

    it("judges the known ARNs of a list whose other ARN is unknown in preview", async () => {
        const build = () => {
            const own = new aws.iam.Policy("own", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] }) });
            new aws.iam.Role("mixed", { assumeRolePolicy: ECS_TRUST, managedPolicyArns: [own.arn, "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"] });
        };
        assert.deepEqual(await reported("iam-no-admin-managed-policies", build, {}, true), ["mixed"]);
    });

    it("judges an attachment in preview, where the role's name is unknown but the policy ARN is not", async () => {
        const build = () => {
            const role = new aws.iam.Role("app", { assumeRolePolicy: ECS_TRUST });
            new aws.iam.RolePolicyAttachment("admin", { role: role.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
        };
        assert.deepEqual(await reported("iam-no-admin-managed-policies", build, {}, true), ["admin"]);
    });
});
