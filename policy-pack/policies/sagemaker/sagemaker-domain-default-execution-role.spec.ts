import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { reported, studioDomain } from "../../../test/support/policySpec";

describe("sagemaker-domain-default-execution-role", () => {
    it("reports a domain without a default execution role", async () => {
        assert.deepEqual(await reported("sagemaker-domain-default-execution-role", () => {
            studioDomain("good");
            studioDomain("norole", { defaultUserSettings: { executionRole: "", securityGroups: ["sg-1"] } });
        }), ["norole"]);
    });

    it("counts a role unknown in preview as set", async () => {
        const build = () => {
            const role = new aws.iam.Role("persona", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
            studioDomain("later", { defaultUserSettings: { executionRole: role.arn, securityGroups: ["sg-1"] } });
        };
        assert.deepEqual(await reported("sagemaker-domain-default-execution-role", build, {}, true), []);
    });
});
