import { strict as assert } from "assert";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { notApplicable } from "../../policy-pack/lib/notApplicable";
import { policies } from "../../policy-pack/policies";
import { KEY } from "../support/policySpec";

// The SDK's Analyze handler itself, without the transport: what the pack answers is what the engine gets.
const { makeAnalyzeRpcFun } = require("@pulumi/policy/server");

/** The reason the SDK itself gives when its type fast path skips a single-type policy (pulumi-policy server.ts). */
const SDK_FAST_PATH_REASON = /^Policy only applies to resources of type '[^']+'$/;

function analyze(type: string, name: string, props: Record<string, unknown>): Promise<analyzerproto.AnalyzeResponse> {
    const req = new analyzerproto.AnalyzeRequest();
    req.setType(type);
    req.setName(name);
    req.setUrn(`urn:pulumi:dev::mlplatform::${type}::${name}`);
    req.setProperties(structproto.Struct.fromJavaScript(props as any));
    req.setOptions(new analyzerproto.AnalyzerResourceOptions());
    return new Promise((resolve, reject) =>
        makeAnalyzeRpcFun("mlplatform-guardrails", "0.1.0", "advisory", policies)({ request: req }, (err: Error | undefined, res: analyzerproto.AnalyzeResponse) => (err ? reject(err) : resolve(res))),
    );
}

/**
 * The engine's policy summary for one resource (pulumi/pulumi pkg/resource/analyzer/summary.go,
 * newPolicySummary): passed = the resource policies minus disabled, not-applicable and failed ones. The
 * not-applicable entries count by policy name only; their reason is read nowhere in the engine.
 */
function enginePassed(res: analyzerproto.AnalyzeResponse, resourcePolicies: string[]): string[] {
    const failed = new Set(res.getDiagnosticsList().map((d) => d.getPolicyname()));
    const na = new Set(res.getNotApplicableList().map((n) => n.getPolicyName()));
    return resourcePolicies.filter((p) => !failed.has(p) && !na.has(p));
}

describe("not-applicable answers (policy-pack/lib/notApplicable.ts)", () => {
    const resourcePolicies = policies.filter((p) => "validateResource" in p && p.validateResource).map((p) => p.name);

    it("ends the validation through the SDK's notApplicable, without a reason or a captured stack, and restores the stack limit", () => {
        const before = Error.stackTraceLimit;
        let reason: string | undefined = "unset";
        let thrown: unknown;
        try {
            notApplicable({
                notApplicable: (r?: string): never => {
                    reason = r;
                    throw new Error("not applicable");
                },
            });
        } catch (err) {
            thrown = err;
        }
        assert.equal(reason, undefined);
        assert.equal((thrown as Error).stack, "Error: not applicable", "no frame captured");
        assert.equal(Error.stackTraceLimit, before);
    });

    it("names each policy that does not apply to a queue, with no reason of the pack's own, so the engine leaves exactly those out of 'passed'", async () => {
        const res = await analyze("aws:sqs/queue:Queue", "q", { kmsMasterKeyId: KEY, tags: { project: "p", environment: "dev", owner: "o", "cost-center": "c" } });
        const entries = res.getNotApplicableList();
        const names = entries.map((n) => n.getPolicyName());
        // KMS, IAM, EC2 and ECS policies do not apply to a queue; the queue's own policy and the tags policy do.
        for (const p of ["kms-key-rotation-enabled", "iam-least-privilege", "iam-role-trust-scoped", "security-group-no-public-ingress", "ecs-no-plaintext-secrets"]) assert.ok(names.includes(p), p);
        const passed = enginePassed(res, resourcePolicies);
        for (const p of ["sqs-queue-kms", "required-tags"]) assert.ok(passed.includes(p), p);
        assert.ok(!passed.includes("kms-key-rotation-enabled") && !passed.includes("iam-least-privilege"));
        // The only reasons left are the SDK's own, for single-type policies it skips before deserialising.
        const ownReasons = entries.filter((n) => !SDK_FAST_PATH_REASON.test(n.getReason())).map((n) => `${n.getPolicyName()}: ${n.getReason()}`);
        assert.deepEqual(ownReasons.filter((r) => !r.endsWith(": ")), []);
        assert.ok(ownReasons.length > 0, "some multi-type policy answered with the pack's own (empty) reason");
    });

    it("answers required-tags as not applicable, by name only, for a type that has no tags", async () => {
        const res = await analyze("aws:s3/bucketVersioning:BucketVersioning", "b", { bucket: "b", versioningConfiguration: { status: "Enabled" } });
        const entry = res.getNotApplicableList().find((n) => n.getPolicyName() === "required-tags");
        assert.ok(entry, "required-tags is not applicable");
        assert.equal(entry.getReason(), "");
        assert.ok(!enginePassed(res, resourcePolicies).includes("required-tags"));
    });
});
