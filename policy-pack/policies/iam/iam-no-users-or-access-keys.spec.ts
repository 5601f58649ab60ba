import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { ECS_TRUST, reported } from "../../../test/support/policySpec";

describe("iam-no-users-or-access-keys", () => {
    it("reports users, their keys and policies, not roles", async () => {
        const found = await reported("iam-no-users-or-access-keys", () => {
            const user = new aws.iam.User("deployer", {});
            new aws.iam.AccessKey("deployer", { user: user.name });
            new aws.iam.Role("app", { assumeRolePolicy: ECS_TRUST });
        });
        assert.deepEqual(found, ["deployer", "deployer"]);
        assert.deepEqual(await reported("iam-no-users-or-access-keys", () => new aws.iam.Role("only-roles", { assumeRolePolicy: ECS_TRUST })), []);
    });

    it("reports an access key in preview too, where its user's name is unknown", async () => {
        const build = () => {
            const user = new aws.iam.User("deployer", {});
            new aws.iam.AccessKey("deployer", { user: user.name });
        };
        assert.deepEqual(await reported("iam-no-users-or-access-keys", build, {}, true), ["deployer", "deployer"]);
    });
});
