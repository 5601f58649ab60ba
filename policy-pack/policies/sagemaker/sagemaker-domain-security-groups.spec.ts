import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { reported, ROLE, studioDomain } from "../../../test/support/policySpec";

describe("sagemaker-domain-security-groups", () => {
    it("reports a domain that names no security groups", async () => {
        assert.deepEqual(await reported("sagemaker-domain-security-groups", () => {
            studioDomain("good");
            studioDomain("nosg", { defaultUserSettings: { executionRole: ROLE } });
        }), ["nosg"]);
    });

    it("counts groups unknown in preview as set", async () => {
        const build = () => {
            const sg = new aws.ec2.SecurityGroup("studio", { vpcId: "vpc-1" });
            studioDomain("later", { defaultUserSettings: { executionRole: ROLE, securityGroups: [sg.id] } });
        };
        assert.deepEqual(await reported("sagemaker-domain-security-groups", build, {}, true), []);
    });
});
