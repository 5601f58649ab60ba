import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, reported, ROLE, studioDomain } from "../../../test/support/policySpec";

describe("sagemaker-user-profile-role-and-tag", () => {
    it("reports a profile without its own role and studiouserid tag", async () => {
        const found = await findings("sagemaker-user-profile-role-and-tag", () => {
            new aws.sagemaker.UserProfile("alice", { domainId: "d-1", userProfileName: "alice", userSettings: { executionRole: ROLE }, tags: { studiouserid: "alice" } });
            new aws.sagemaker.UserProfile("anon", { domainId: "d-1", userProfileName: "anon" });
        });
        assert.equal(found.length, 2);
        assert.ok(found.every((f) => f.startsWith("anon:")));
        assert.match(found.join("\n"), /has no studiouserid tag, so nothing stops another user opening it/);
    });

    it("passes in preview a profile in a domain not created yet", async () => {
        const build = () => {
            const d = studioDomain("d");
            new aws.sagemaker.UserProfile("alice", { domainId: d.id, userProfileName: "alice", userSettings: { executionRole: ROLE }, tags: { studiouserid: "alice" } });
        };
        assert.deepEqual(await reported("sagemaker-user-profile-role-and-tag", build, {}, true), []);
    });
});
