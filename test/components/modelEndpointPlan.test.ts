import { strict as assert } from "assert";
import fc from "fast-check";
import { LONGEST_ENDPOINT_NAME, rollbackAlarmsSchema, trafficShiftingSchema } from "../../components/modelEndpoint/args";
import { alarmTopicPolicy, endpointNames, rollbackAlarms, scalingBounds, trafficRouting, versionedName, volumeKmsKey } from "../../components/modelEndpoint/plan";
// The list sagemaker-endpoint-config-kms exempts from its key requirement.
import { hasLocalInstanceStorage as policyExemptsKey } from "../../policy-pack/lib/instanceStorage";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { decide } from "../iamSimulator";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
/** Endpoint names as the schema allows them: letters, digits, inner hyphens, up to 54. */
const endpointName = fc.stringMatching(new RegExp(`^[a-zA-Z0-9](-?[a-zA-Z0-9]){0,${LONGEST_ENDPOINT_NAME - 1}}$`)).filter((s) => s.length <= LONGEST_ENDPOINT_NAME);
const shifting = (mode: "canary" | "linear", stepPercent: number) => trafficShiftingSchema.parse({ mode, stepPercent });

describe("ModelEndpoint planners (pure)", () => {
    describe("names", () => {
        it("model and configuration names stay within SageMaker's 63 characters for every allowed endpoint name", () => {
            fc.assert(fc.property(endpointName, fc.string(), (name, pkg) => versionedName(name, [pkg]).length <= 63));
        });

        it("the same fields give the same name; another package gives another name", () => {
            fc.assert(
                fc.property(endpointName, fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), (name, v1, v2) => {
                    const arn = (v: number) => `arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/${v}`;
                    assert.equal(versionedName(name, [arn(v1)]), versionedName(name, [arn(v1)]));
                    assert.match(versionedName(name, [arn(v1)]), new RegExp(`^${name}-[0-9a-f]{8}$`));
                    return v1 === v2 || versionedName(name, [arn(v1)]) !== versionedName(name, [arn(v2)]);
                }),
            );
        });

        it("names the scalable variant and the alarms after the endpoint", () => {
            const n = endpointNames("churn-prod");
            assert.equal(n.scalableResourceId, "endpoint/churn-prod/variant/AllTraffic");
            assert.deepEqual([n.errorsAlarm, n.latencyAlarm], ["churn-prod-5xx-errors", "churn-prod-model-latency"]);
        });
    });

    describe("traffic shifting (SageMaker: canary ≤ 50 % of the instances, linear steps 10-50 %)", () => {
        it("a canary is a whole number of instances, at least one, at most half of any fleet at least the initial size", () => {
            fc.assert(
                fc.property(fc.integer({ min: 2, max: 100 }), fc.integer({ min: 10, max: 50 }), fc.integer({ min: 0, max: 100 }), (count, pct, growth) => {
                    const r = trafficRouting(shifting("canary", pct), count);
                    assert.equal(r.type, "CANARY");
                    assert.equal(r.canarySize!.type, "INSTANCE_COUNT");
                    const size = r.canarySize!.value;
                    return Number.isInteger(size) && size >= 1 && size <= (count + growth) / 2;
                }),
            );
        });

        it("linear steps are the configured share of the capacity, within 10-50 %", () => {
            fc.assert(
                fc.property(fc.integer({ min: 2, max: 100 }), fc.integer({ min: 10, max: 50 }), (count, pct) => {
                    const r = trafficRouting(shifting("linear", pct), count);
                    return r.type === "LINEAR" && r.linearStepSize!.type === "CAPACITY_PERCENT" && r.linearStepSize!.value === pct;
                }),
            );
        });

        it("a single instance cannot be split: all at once (the final baking period still rolls back)", () => {
            for (const mode of ["canary", "linear"] as const) {
                assert.deepEqual(trafficRouting(shifting(mode, 10), 1), { type: "ALL_AT_ONCE", waitIntervalInSeconds: 300 });
            }
        });

        it("refuses steps outside 10-50 %", () => {
            for (const stepPercent of [5, 60]) assert.ok(!trafficShiftingSchema.safeParse({ stepPercent }).success);
        });
    });

    describe("volume key (instance types with local NVMe storage reject a KmsKeyId)", () => {
        const types = [
            "ml.t2.medium", "ml.m5.large", "ml.m5.xlarge", "ml.c5.xlarge", "ml.r5.large", "ml.m6i.large", "ml.c6i.large", "ml.c7i.large", "ml.m7i.large", "ml.r6g.large",
            "ml.g4dn.xlarge", "ml.g5.xlarge", "ml.g5.12xlarge", "ml.g6.xlarge", "ml.g6e.xlarge", "ml.p3.2xlarge", "ml.p4d.24xlarge", "ml.p5.48xlarge", "ml.inf1.xlarge",
            "ml.inf2.xlarge", "ml.trn1.2xlarge", "ml.m5d.large", "ml.c5d.xlarge", "ml.r5d.large", "ml.c6id.large", "ml.m6id.large", "ml.r6id.large", "ml.c6gd.large",
        ];

        it("gives the key to EBS-backed types and none to NVMe types", () => {
            assert.equal(volumeKmsKey("ml.m5.large", KEY), KEY);
            assert.equal(volumeKmsKey("ml.g5.xlarge", KEY), undefined);
            assert.equal(volumeKmsKey("ml.m5d.large", KEY), undefined);
        });

        it("never leaves out a key the pack's sagemaker-endpoint-config-kms would demand", () => {
            for (const t of types) {
                if (volumeKmsKey(t, KEY) === undefined) assert.ok(policyExemptsKey(t), `${t}: the component leaves out the key, the policy wants one`);
            }
        });
    });

    describe("rollback alarms", () => {
        it("watch 5xx errors (sum) and model latency (average, in microseconds) of the variant, and no traffic is no alarm", () => {
            const [errors, latency] = rollbackAlarms("churn-prod", rollbackAlarmsSchema.parse({ latencyMilliseconds: 250 }));
            assert.deepEqual(errors.dimensions, { EndpointName: "churn-prod", VariantName: "AllTraffic" });
            assert.equal(errors.metricName, "Invocation5XXErrors");
            assert.equal(errors.statistic, "Sum");
            assert.equal(errors.threshold, 1);
            assert.equal(latency.metricName, "ModelLatency");
            assert.equal(latency.threshold, 250_000);
            for (const a of [errors, latency]) assert.equal(a.treatMissingData, "notBreaching");
        });
    });

    describe("scaling bounds", () => {
        it("scale between the initial and the maximum count, and not at all when they are equal", () => {
            fc.assert(
                fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 99 }), (initial, extra) => {
                    const b = scalingBounds(initial, initial + extra);
                    return extra === 0 ? b === undefined : b!.min === initial && b!.max === initial + extra;
                }),
            );
            assert.equal(scalingBounds(2, undefined), undefined);
        });
    });

    describe("alarm topic policy, evaluated by an IAM simulator", () => {
        const topic = `arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:churn-prod-alarms`;
        const policy = alarmTopicPolicy(topic, MOCK_ACCOUNT_ID);
        const ask = (principal: string, context: Record<string, string>) =>
            decide({ principal, action: "sns:Publish", resource: topic, resourceAccount: MOCK_ACCOUNT_ID, identityPolicies: [], resourcePolicy: policy, context });
        const tls = { "aws:SecureTransport": "true" };

        it("lets this account's alarms publish over TLS, and nobody else", async () => {
            assert.equal(await ask("cloudwatch.amazonaws.com", { ...tls, "aws:SourceAccount": MOCK_ACCOUNT_ID }), "Allowed");
            assert.equal(await ask("cloudwatch.amazonaws.com", { ...tls, "aws:SourceAccount": "210987654321" }), "ImplicitlyDenied");
            assert.equal(await ask("cloudwatch.amazonaws.com", { "aws:SecureTransport": "false", "aws:SourceAccount": MOCK_ACCOUNT_ID }), "ExplicitlyDenied");
            assert.equal(await ask("events.amazonaws.com", { ...tls, "aws:SourceAccount": MOCK_ACCOUNT_ID }), "ImplicitlyDenied");
        });
    });
});
