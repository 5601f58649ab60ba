import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { composePolicies, resourceCheck, withMetadata } from "../../policy-pack/api";
import { PolicyMetadata } from "../../policy-pack/lib/metadata";

/** Arguments as the SDK passes them, counting the pack-config reads the wrappers make (selection, exemptions). */
function argsFor(type: string): { args: ResourceValidationArgs; configReads: () => number } {
    let reads = 0;
    const args = {
        type,
        name: "x",
        urn: `urn:pulumi:dev::p::${type}::x`,
        props: { tags: { "mlplatform:exempt:acme-two-types": "reviewed by the security team in 2026" } },
        getConfig: () => {
            reads++;
            return {};
        },
        notApplicable: (): never => {
            throw Object.assign(new Error("not applicable"), { notApplicable: true });
        },
    } as unknown as ResourceValidationArgs;
    return { args, configReads: () => reads };
}

const outcome = async (validate: ResourceValidation, args: ResourceValidationArgs): Promise<string[] | "not applicable"> => {
    const found: string[] = [];
    try {
        await validate(args, (m) => found.push(String(m)));
    } catch (err) {
        if ((err as { notApplicable?: boolean }).notApplicable) return "not applicable";
        throw err;
    }
    return found;
};

describe("type marks through the pack's wrappers (policy-pack/lib/typeFilter.ts)", () => {
    const metadata: PolicyMetadata = { service: "sns", severity: "low", remediationSteps: ["Fix it."], url: "https://example.com", frameworks: {} };
    // A policy written with the SDK's own typed helper, as a user of the API may add one.
    const sdkTyped = withMetadata<ResourceValidationPolicy>(
        { name: "acme-sdk-typed", description: "Flags topics.", enforcementLevel: "advisory", validateResource: validateResourceOfType(aws.sns.Topic, (_t, _a, report) => report("is flagged")) },
        metadata,
    );
    const twoTypes = resourceCheck({ name: "acme-two-types", description: "Flags topics and queues.", types: ["aws:sns/topic:Topic", "aws:sqs/queue:Queue"], metadata, check: (_p, report) => report("is flagged", "unflag it") });
    const oneType = resourceCheck({ name: "acme-one-type", description: "Flags topics.", types: ["aws:sns/topic:Topic"], metadata, check: (_p, report) => report("is flagged", "unflag it") });
    const composed = new Map(composePolicies([], { extraPolicies: [twoTypes, oneType, sdkTyped] }).map((p) => [p.name, p as ResourceValidationPolicy]));
    const validation = (name: string) => composed.get(name)!.validateResource as ResourceValidation & { __pulumiType?: string };

    it("keeps the SDK's type mark on a single-type policy through selection and exemptions", () => {
        assert.equal(validation("acme-one-type").__pulumiType, "aws:sns/topic:Topic");
        assert.equal(validation("acme-two-types").__pulumiType, undefined, "the SDK's mark names one type only");
    });

    it("keeps the mark that the SDK's validateResourceOfType sets, and answers 'not applicable' for other types as the SDK would", async () => {
        assert.equal(validation("acme-sdk-typed").__pulumiType, "aws:sns/topic:Topic");
        const { args, configReads } = argsFor("aws:kms/key:Key");
        assert.equal(await outcome(validation("acme-sdk-typed"), args), "not applicable");
        assert.equal(configReads(), 0);
    });

    it("answers 'not applicable' for a type a multi-type policy does not judge, before reading the selection or the exemptions", async () => {
        const { args, configReads } = argsFor("aws:kms/key:Key");
        assert.equal(await outcome(validation("acme-two-types"), args), "not applicable");
        assert.equal(configReads(), 0);
    });

    it("still runs the selection, the exemptions and the check for the types it judges", async () => {
        const { args, configReads } = argsFor("aws:sqs/queue:Queue");
        // The resource's exemption tag is honoured: the finding is dropped, after the exemption config was read.
        assert.deepEqual(await outcome(validation("acme-two-types"), args), []);
        assert.ok(configReads() > 0);
        const untagged = argsFor("aws:sns/topic:Topic");
        (untagged.args as unknown as { props: object }).props = {};
        assert.deepEqual(await outcome(validation("acme-two-types"), untagged.args), ['Topic "x" is flagged. Fix: unflag it.']);
    });
});
