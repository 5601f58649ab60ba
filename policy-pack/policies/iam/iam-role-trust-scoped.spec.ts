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
        assert.match(found.join("\n"), /many: Role "many" is trusted by 2 services \(glue\.amazonaws\.com, sagemaker\.amazonaws\.com\)\. Fix: create one role per service/);
        assert.match(found.join("\n"), /anyone: Role "anyone" trusts any principal/);
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
