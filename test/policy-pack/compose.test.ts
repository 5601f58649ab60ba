import { strict as assert } from "assert";
import { composePolicies, guardrailPolicies, guardrails, resourceCheck, stackCheck } from "../../policy-pack/api";
import { PolicyMetadata } from "../../policy-pack/lib/metadata";

/** Composing a pack from ours in code (policy-pack/api.ts); publish.test.ts serves such a pack through the CLI's runner. */
describe("composing a pack from the guardrails", () => {
    const metadata: PolicyMetadata = { service: "sns", severity: "low", remediationSteps: ["Use the event bus."], url: "https://example.com/events", frameworks: {} };
    const own = resourceCheck({ name: "acme-no-sns-topics", description: "No SNS topics.", types: ["aws:sns/topic:Topic"], metadata, check: (_p, report) => report("is a topic", "use the bus") });

    it("serves every guardrail, the selection and the exemption policies by default", () => {
        const names = guardrailPolicies().map((p) => p.name);
        assert.equal(names[0], "guardrails-selection", "the selection runs first");
        assert.deepEqual(names.slice(1, -2).sort(), guardrails.map((p) => p.name).sort());
        assert.deepEqual(names.slice(-2), ["exemptions-in-use", "exemptions-are-justified"]);
    });

    it("keeps the selected guardrails, adds the organisation's own and applies default levels", () => {
        const composed = guardrailPolicies({ select: { services: ["s3"] }, extraPolicies: [own], levels: { all: "advisory", "s3-bucket-sse-kms": "mandatory" } });
        const byName = new Map(composed.map((p) => [p.name, p]));
        assert.ok(byName.has("acme-no-sns-topics") && byName.has("s3-bucket-versioning") && !byName.has("iam-least-privilege"));
        assert.equal(byName.get("s3-bucket-versioning")!.enforcementLevel, "advisory");
        assert.equal(byName.get("s3-bucket-sse-kms")!.enforcementLevel, "mandatory");
        assert.equal(byName.get("acme-no-sns-topics")!.severity, "low", "severity from the metadata");
        assert.ok(byName.get("acme-no-sns-topics")!.configSchema?.properties.exemptions, "own policies are exemptable as ours");
    });

    it("refuses two policies of one name and levels for policies not in the pack, naming them", () => {
        assert.throws(() => composePolicies([...guardrails, { ...own, name: "s3-bucket-sse-kms" }]), /Two policies are named s3-bucket-sse-kms/);
        assert.throws(() => guardrailPolicies({ select: { services: ["s3"] }, levels: { "iam-least-privilege": "advisory" } }), /levels names policies that are not in the pack: iam-least-privilege/);
    });

    it("builds stack policies with metadata, mandatory by default", () => {
        const p = stackCheck({ name: "acme-one-vpc", description: "At most one VPC.", metadata: { ...metadata, service: "ec2" }, validateStack: () => undefined });
        assert.equal(p.enforcementLevel, "mandatory");
        assert.equal(p.severity, "low");
        assert.equal(p.metadata.service, "ec2");
        assert.match(String(p.remediationSteps), /^1\. Use the event bus\.$/);
    });
});
