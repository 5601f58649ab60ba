import { strict as assert } from "assert";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as path from "path";
import { policies } from "../../../policy-pack/policies";
import { applySdkExperiments, restoreSdk } from "../../../tools/bench/sdkExperiment";

// The SDK's own modules, as the pack's analyzer uses them.
const deserialize = require("@pulumi/policy/deserialize");
const protoutil = require("@pulumi/policy/protoutil");
const { makeAnalyzeRpcFun, makeAnalyzeStackRpcFun } = require("@pulumi/policy/server");
const PACK = path.join(__dirname, "..", "..", "..", "policy-pack");

/** Counts the decodings of a Struct (deserializeProperties starts each one with toJavaScript). */
function counted(props: Record<string, unknown>): { struct: structproto.Struct; decodings: () => number } {
    const struct = structproto.Struct.fromJavaScript(props as any);
    let n = 0;
    const toJavaScript = struct.toJavaScript.bind(struct);
    struct.toJavaScript = () => {
        n++;
        return toJavaScript();
    };
    return { struct, decodings: () => n };
}

const ROLE = {
    name: "r",
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    tags: { project: "p", environment: "dev", owner: "o", "cost-center": "c" },
};

function describeRole<T extends analyzerproto.AnalyzeRequest | analyzerproto.AnalyzerResource>(msg: T, name: string, struct: structproto.Struct): T {
    msg.setType("aws:iam/role:Role");
    msg.setName(name);
    msg.setUrn(`urn:pulumi:dev::mlplatform::aws:iam/role:Role::${name}`);
    msg.setProperties(struct);
    msg.setOptions(new analyzerproto.AnalyzerResourceOptions());
    return msg;
}

function call<R>(handler: (call: { request: unknown }, cb: (err: Error | undefined, res: R) => void) => void, request: unknown): Promise<R> {
    return new Promise((resolve, reject) => handler({ request }, (err, res) => (err ? reject(err) : resolve(res))));
}

/**
 * The bench's experiments on @pulumi/policy (tools/bench/sdkExperiment.ts, `throughput.ts --sdk-experiment`):
 * what upstream changes to the analyzer would give. They replace SDK internals in the mocha process, so they
 * are put back after this file: every other test runs against the SDK as it is.
 */
describe("SDK experiments of the throughput bench (tools/bench/sdkExperiment.ts)", () => {
    before(() => applySdkExperiments(PACK, ["decode-once", "no-reasons"]));
    after(() => restoreSdk(PACK));

    it("gives the analyzer's plain decoding of one Struct the same value every time, equal to a fresh decoding", () => {
        const struct = structproto.Struct.fromJavaScript(ROLE as any);
        const first = deserialize.deserializeProperties(struct, false);
        assert.equal(deserialize.deserializeProperties(struct, false), first);
        assert.deepEqual(first, ROLE);
        assert.notEqual(deserialize.deserializeProperties(structproto.Struct.fromJavaScript(ROLE as any), false), first, "another request decodes its own");
    });

    it("leaves remediation's decoding (secrets kept as secrets, result may be changed) a fresh copy each time", () => {
        const struct = structproto.Struct.fromJavaScript(ROLE as any);
        assert.notEqual(deserialize.deserializeProperties(struct, true), deserialize.deserializeProperties(struct, true));
    });

    it("applies each experiment once however often it is asked, and refuses names it does not know", () => {
        const installed = [deserialize.deserializeProperties, protoutil.makeAnalyzeResponse];
        applySdkExperiments(PACK, ["decode-once", "no-reasons"]);
        assert.deepEqual([deserialize.deserializeProperties, protoutil.makeAnalyzeResponse], installed);
        assert.throws(() => applySdkExperiments(PACK, ["decode-twice"]), /--sdk-experiment takes decode-once, no-reasons \(comma-separated\), got decode-twice/);
    });

    it("puts the SDK's own functions back", () => {
        const installed = [deserialize.deserializeProperties, protoutil.makeAnalyzeResponse];
        restoreSdk(PACK);
        try {
            assert.notEqual(deserialize.deserializeProperties, installed[0]);
            assert.notEqual(protoutil.makeAnalyzeResponse, installed[1]);
            const struct = structproto.Struct.fromJavaScript(ROLE as any);
            assert.notEqual(deserialize.deserializeProperties(struct, false), deserialize.deserializeProperties(struct, false), "the SDK decodes afresh each time");
        } finally {
            applySdkExperiments(PACK, ["decode-once", "no-reasons"]);
        }
    });

    it("decodes a resource once for all the pack's resource policies in an Analyze call, and answers as before", async () => {
        const { struct, decodings } = counted(ROLE);
        const req = describeRole(new analyzerproto.AnalyzeRequest(), "r", struct);
        const res = await call<analyzerproto.AnalyzeResponse>(makeAnalyzeRpcFun("mlplatform-guardrails", "0.1.0", "advisory", policies), req);
        assert.equal(decodings(), 1);
        // The role is judged (the trust policies apply; only the advisory on a service trust without a source condition finds something), the rest say they do not apply.
        const na = res.getNotApplicableList().map((n) => n.getPolicyName());
        assert.ok(!na.includes("iam-role-trust-scoped") && !na.includes("required-tags"));
        assert.ok(na.includes("sqs-queue-kms") && na.includes("security-group-no-public-ingress"));
        // no-reasons: the type fast path's entries (sqs-queue-kms is typed) carry the policy name alone.
        assert.deepEqual(res.getNotApplicableList().map((n) => n.getReason()).filter(Boolean), []);
        assert.deepEqual(res.getDiagnosticsList().map((d) => d.getPolicyname()), ["iam-service-trust-source-conditioned"]);
    });

    it("decodes each resource of the stack once for all the pack's stack policies", async () => {
        const roles = [counted(ROLE), counted({ ...ROLE, name: "r2" })];
        const req = new analyzerproto.AnalyzeStackRequest();
        req.setResourcesList(roles.map((r, i) => describeRole(new analyzerproto.AnalyzerResource(), `r${i}`, r.struct)));
        await call<analyzerproto.AnalyzeResponse>(makeAnalyzeStackRpcFun("mlplatform-guardrails", "0.1.0", "advisory", policies), req);
        assert.deepEqual(roles.map((r) => r.decodings()), [1, 1]);
    });
});
