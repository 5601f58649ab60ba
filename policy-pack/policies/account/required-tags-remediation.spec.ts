import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, policyPack } from "../../../test/harness";
import { previewKey } from "../../../test/support/policySpec";

describe("required-tags-remediation", () => {
    const build = () => {
        const partial = new aws.Provider("partial", { region: "us-east-1", defaultTags: { tags: { project: "p" } } });
        new aws.sns.Topic("untagged", { tags: { owner: "team-a" } }, { provider: partial });
        new aws.sns.Topic("complete", { tags: { environment: "dev", owner: "o", "cost-center": "c" } }, { provider: partial });
    };
    const enabled = { "required-tags-remediation": { enforcementLevel: "remediate" as const, defaultTagValues: { environment: "dev", owner: "platform", "cost-center": "CC-0" } } };

    it("is off by default and, when enabled, adds only the missing required tags", async () => {
        const run = await inlineRun(build);
        const pack = await policyPack();
        await pack.configure({});
        assert.deepEqual(await pack.remediate(run), [], "disabled by default");
        await pack.configure(enabled);
        const changes = await pack.remediate(run);
        assert.deepEqual(
            changes.map((c) => [c.urn.split("::").pop(), c.policy, c.properties.tags]),
            [["untagged", "required-tags-remediation", { owner: "team-a", environment: "dev", "cost-center": "CC-0" }]],
        );
        await pack.configure({});
    });

    it("changes nothing in preview while a resource's tags are unknown", async () => {
        const run = await inlineRun(() => new aws.sns.Topic("later", { tags: { owner: previewKey() } }), { preview: true });
        const pack = await policyPack();
        await pack.configure(enabled);
        assert.deepEqual((await pack.remediate(run)).filter((c) => c.urn.includes("aws:sns/topic:Topic")), []);
        await pack.configure({});
    });
});
