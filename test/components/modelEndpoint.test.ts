import { strict as assert } from "assert";
import { ModelEndpoint, ModelEndpointArgs } from "../../components/modelEndpoint";
import { TAGGABLE } from "../../policy-pack/lib/tags";
import { ProgramError, ProgramRun } from "../../tools/offline/runProgram";
import { inlineRun, inputs, one, ofType, violations } from "../harness";

const MODEL = "aws:sagemaker/model:Model";
const CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";
const ENDPOINT = "aws:sagemaker/endpoint:Endpoint";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TARGET = "aws:appautoscaling/target:Target";
const POLICY = "aws:appautoscaling/policy:Policy";
const TOPIC = "aws:sns/topic:Topic";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const PACKAGE = "arn:aws:sagemaker:us-east-1:111122223333:model-package/sefaz-ml-churn/3";

/** A compliant staging endpoint, as the endpoint program builds it; each test changes what it is about. */
function endpointArgs(overrides: Partial<ModelEndpointArgs> = {}): ModelEndpointArgs {
    return {
        endpointName: "sefaz-ml-churn-staging",
        modelPackageArn: PACKAGE,
        executionRoleArn: "arn:aws:iam::111122223333:role/sefaz-ml-churn-model-execution-role-staging",
        subnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
        securityGroupIds: ["sg-0a1b2c3d4e5f60003"],
        kmsKeyArn: KEY,
        instanceType: "ml.m5.large",
        initialInstanceCount: 2,
        maxInstanceCount: 4,
        dataCaptureS3Uri: "s3://sefaz-ml-artifacts-staging/data-capture/churn",
        alarmTopicArn: "arn:aws:sns:us-east-1:111122223333:sefaz-ml-churn-alerts-staging",
        tags: { project: "sefaz-ml", environment: "staging", owner: "ml-platform-team", "cost-center": "cc-1234" },
        ...overrides,
    };
}

const endpointRun = (overrides: Partial<ModelEndpointArgs> = {}, preview = false) => inlineRun(() => new ModelEndpoint("churn", endpointArgs(overrides)), { preview });

async function mandatory(run: ProgramRun): Promise<string[]> {
    return (await violations(run)).filter((v) => v.level === "mandatory").map((v) => `${v.policy}: ${v.message}`);
}

describe("ModelEndpoint", () => {
    let run: ProgramRun;
    before(async () => (run = await endpointRun()));

    it("creates the model from the approved package, in the VPC, with network isolation and the given role", () => {
        const model = inputs(one(run, MODEL));
        assert.deepEqual(model.primaryContainer, { modelPackageName: PACKAGE });
        assert.deepEqual(model.vpcConfig, { subnets: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"], securityGroupIds: ["sg-0a1b2c3d4e5f60003"] });
        assert.equal(model.enableNetworkIsolation, true);
        assert.equal(model.executionRoleArn, "arn:aws:iam::111122223333:role/sefaz-ml-churn-model-execution-role-staging");
    });

    it("lets a caller whose container must call out turn isolation off; the VPC stays", async () => {
        const model = inputs(one(await endpointRun({ networkIsolation: false }), MODEL));
        assert.equal(model.enableNetworkIsolation, false);
        assert.ok(model.vpcConfig.subnets.length === 2);
    });

    it("encrypts the endpoint's volumes and the captured requests and responses with the key", () => {
        const config = inputs(one(run, CONFIG));
        assert.equal(config.kmsKeyArn, KEY);
        assert.deepEqual(config.dataCaptureConfig, {
            enableCapture: true,
            initialSamplingPercentage: 100,
            destinationS3Uri: "s3://sefaz-ml-artifacts-staging/data-capture/churn",
            kmsKeyId: KEY,
            captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
        });
        assert.deepEqual(config.productionVariants, [{ variantName: "AllTraffic", modelName: inputs(one(run, MODEL)).name, instanceType: "ml.m5.large", initialInstanceCount: 2, initialVariantWeight: 1 }]);
    });

    it("leaves the volume key out for an instance type with local NVMe storage (AWS rejects it) and still encrypts captured data; the pack agrees", async () => {
        const nvme = await endpointRun({ instanceType: "ml.g5.xlarge" });
        const config = inputs(one(nvme, CONFIG));
        assert.equal(config.kmsKeyArn, undefined);
        assert.equal(config.dataCaptureConfig.kmsKeyId, KEY);
        assert.deepEqual(await mandatory(nvme), []);
    });

    it("updates blue/green with a canary and rolls back on the alarms it creates", () => {
        const endpoint = inputs(one(run, ENDPOINT));
        assert.equal(endpoint.name, "sefaz-ml-churn-staging");
        assert.equal(endpoint.endpointConfigName, inputs(one(run, CONFIG)).name);
        const policy = endpoint.deploymentConfig.blueGreenUpdatePolicy;
        assert.deepEqual(policy.trafficRoutingConfiguration, { type: "CANARY", waitIntervalInSeconds: 300, canarySize: { type: "INSTANCE_COUNT", value: 1 } });
        assert.equal(policy.terminationWaitInSeconds, 300);
        const rollback = endpoint.deploymentConfig.autoRollbackConfiguration.alarms.map((a: any) => a.alarmName);
        const alarms = ofType(run, ALARM).map((a) => inputs(a));
        assert.deepEqual(rollback.sort(), alarms.map((a) => a.name).sort(), "every rollback alarm exists, and every alarm rolls back");
        assert.deepEqual(rollback.sort(), ["sefaz-ml-churn-staging-5xx-errors", "sefaz-ml-churn-staging-model-latency"]);
        for (const a of alarms) {
            assert.deepEqual(a.dimensions, { EndpointName: "sefaz-ml-churn-staging", VariantName: "AllTraffic" });
            assert.deepEqual(a.alarmActions, ["arn:aws:sns:us-east-1:111122223333:sefaz-ml-churn-alerts-staging"]);
        }
    });

    it("shifts linearly when asked", async () => {
        const endpoint = inputs(one(await endpointRun({ trafficShifting: { mode: "linear", stepPercent: 25 } }), ENDPOINT));
        assert.deepEqual(endpoint.deploymentConfig.blueGreenUpdatePolicy.trafficRoutingConfiguration.linearStepSize, { type: "CAPACITY_PERCENT", value: 25 });
    });

    it("scales the variant on invocations per instance between the initial and the maximum count", () => {
        const target = inputs(one(run, TARGET));
        assert.equal(target.resourceId, "endpoint/sefaz-ml-churn-staging/variant/AllTraffic");
        assert.equal(target.scalableDimension, "sagemaker:variant:DesiredInstanceCount");
        assert.deepEqual([target.minCapacity, target.maxCapacity], [2, 4]);
        const policy = inputs(one(run, POLICY));
        assert.equal(policy.policyType, "TargetTrackingScaling");
        assert.equal(policy.resourceId, target.resourceId);
        assert.equal(policy.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType, "SageMakerVariantInvocationsPerInstance");
        assert.equal(policy.targetTrackingScalingPolicyConfiguration.targetValue, 100);
    });

    it("does not scale when the maximum is the initial count", async () => {
        const fixed = await endpointRun({ maxInstanceCount: 2 });
        assert.deepEqual([ofType(fixed, TARGET).length, ofType(fixed, POLICY).length], [0, 0]);
    });

    it("gives a new package a new model and configuration, and keeps the endpoint (updated in place, blue/green)", async () => {
        const next = await endpointRun({ modelPackageArn: PACKAGE.replace(/\/3$/, "/4") });
        assert.notEqual(inputs(one(next, MODEL)).name, inputs(one(run, MODEL)).name);
        assert.notEqual(inputs(one(next, CONFIG)).name, inputs(one(run, CONFIG)).name);
        assert.equal(one(next, MODEL).urn, one(run, MODEL).urn, "same logical resource: Pulumi replaces it");
        assert.equal(inputs(one(next, ENDPOINT)).name, inputs(one(run, ENDPOINT)).name);
        const same = await endpointRun();
        assert.equal(inputs(one(same, CONFIG)).name, inputs(one(run, CONFIG)).name, "redeploying the same settings changes nothing");
    });

    it("keeps names within SageMaker's 63 characters: the longest endpoint name fits, one more is refused", async () => {
        const longest = "e".repeat(54);
        const r = await endpointRun({ endpointName: longest });
        for (const type of [MODEL, CONFIG, ENDPOINT]) assert.ok(inputs(one(r, type)).name.length <= 63, type);
        assert.equal(inputs(one(r, MODEL)).name.length, 63);
        await assert.rejects(endpointRun({ endpointName: "e".repeat(55) }), /endpointName: found "e{55}"; allowed: 1-54 letters, digits or hyphens/);
    });

    it("protects the endpoint when asked (prod) and retains replaced models and configurations for rollbacks", async () => {
        assert.equal(one(run, ENDPOINT).protect, false);
        const prod = await endpointRun({ protect: true });
        assert.equal(one(prod, ENDPOINT).protect, true);
        for (const type of [MODEL, CONFIG]) {
            assert.equal(one(prod, type).retainOnDelete, true, type);
            assert.equal(one(prod, type).protect, false, `${type}: a protected model could not be replaced by the next package`);
        }
    });

    it("tags every taggable resource it creates", () => {
        const taggable = run.resources.filter((x) => TAGGABLE.has(x.type));
        assert.ok(taggable.length >= 6);
        for (const r of taggable) {
            assert.equal(inputs(r).tags?.owner, "ml-platform-team", r.type);
        }
    });

    it("without a topic, creates one for its alarms, encrypted with the key", async () => {
        const own = await endpointRun({ alarmTopicArn: undefined });
        const topic = one(own, TOPIC);
        assert.equal(inputs(topic).kmsMasterKeyId, KEY);
        assert.equal(inputs(topic).name, "sefaz-ml-churn-staging-alarms");
        for (const a of ofType(own, ALARM)) assert.deepEqual(inputs(a).alarmActions, [topic.rawOutputs.arn]);
        assert.deepEqual(await mandatory(own), []);
    });

    it("passes the whole pack with 0 mandatory violations, after `pulumi up` and in preview", async () => {
        assert.deepEqual(await mandatory(run), []);
        assert.deepEqual(await mandatory(await endpointRun({}, true)), []);
    });

    it("refuses bad arguments before registering anything, listing every bad one at once", async () => {
        await assert.rejects(
            endpointRun({
                modelPackageArn: "arn:aws:sagemaker:us-east-1:111122223333:model-package-group/churn",
                subnetIds: [],
                kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:alias/aws/sagemaker",
                instanceType: "m5.large",
                initialInstanceCount: 3,
                maxInstanceCount: 2,
            }),
            (err: ProgramError) => {
                assert.match(err.message, /ModelEndpoint churn: invalid arguments \(5 problems\):/);
                assert.match(err.message, / {2}- modelPackageArn: found "arn:aws:sagemaker:us-east-1:111122223333:model-package-group\/churn"; allowed: a versioned model package ARN/);
                assert.match(err.message, / {2}- subnetIds: found \[\]; allowed: at least one private subnet ID/);
                assert.match(err.message, / {2}- kmsKeyArn: found .*; allowed: a customer-managed KMS key or alias ARN/);
                assert.match(err.message, / {2}- instanceType: found "m5.large"; allowed: an instance type such as ml.m5.large/);
                assert.match(err.message, / {2}- maxInstanceCount: found 2; allowed: at least initialInstanceCount \(3\)/);
                assert.deepEqual(err.registered.filter((t) => !t.startsWith("mlplatform:")), []);
                return true;
            },
        );
    });
});
