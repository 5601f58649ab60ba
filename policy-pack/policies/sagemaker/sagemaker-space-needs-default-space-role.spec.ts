import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { reported, studioDomain } from "../../../test/support/policySpec";

describe("sagemaker-space-needs-default-space-role", () => {
    it("links spaces to their domain", async () => {
        const found = await reported("sagemaker-space-needs-default-space-role", () => {
            const withRole = studioDomain("with-role");
            const without = studioDomain("without", { defaultSpaceSettings: undefined });
            new aws.sagemaker.Space("ok", { domainId: withRole.id, spaceName: "ok" });
            new aws.sagemaker.Space("orphan", { domainId: without.id, spaceName: "orphan" });
        });
        assert.deepEqual(found, ["orphan"]);
        assert.deepEqual(
            await reported("sagemaker-space-needs-default-space-role", () => {
                const d = studioDomain("with-role");
                new aws.sagemaker.Space("ok", { domainId: d.id, spaceName: "ok" });
            }),
            [],
        );
    });

    it("links by property dependency in preview, when the domain id is unknown", async () => {
        const build = () => {
            const without = studioDomain("without", { defaultSpaceSettings: undefined });
            new aws.sagemaker.Space("orphan", { domainId: without.id, spaceName: "orphan" });
        };
        assert.deepEqual(await reported("sagemaker-space-needs-default-space-role", build, {}, true), ["orphan"]);
    });
});
