import { createHash } from "crypto";
import { hasLocalInstanceStorage } from "../instanceStorage";
import { SERVICE_PRINCIPALS } from "../aws";
import { serviceTopicPolicy } from "../iam/statements";
import { ModelEndpointSettings } from "./args";

/**
 * The pure decisions of ModelEndpoint: names, which volume key the endpoint configuration may carry, how a
 * blue/green update shifts traffic, the rollback alarms and the scaling bounds. No Pulumi here, so each is
 * tested on its own (property tests in test/components/modelEndpointPlan.test.ts).
 */

/** The one production variant of the endpoint: its name is part of the autoscaling resource ID and the alarms' dimensions. */
export const VARIANT_NAME = "AllTraffic";

/**
 * `<endpointName>-<8 hex>`: the name of a model or endpoint configuration. SageMaker models and endpoint
 * configurations cannot change in place (every field replaces them), and a replacement needs a new name
 * while the old one still serves. The hash covers the model package ARN and every other field that forces a
 * replacement, so a new package, role, subnet, instance type... gives a new name, and redeploying the same
 * settings gives the same one.
 */
export function versionedName(endpointName: string, replacingFields: readonly unknown[]): string {
    const hash = createHash("sha256").update(JSON.stringify(replacingFields)).digest("hex").slice(0, 8);
    return `${endpointName}-${hash}`;
}

/** What the rollback alarms watch: `<endpointName>-<purpose>`. */
export const ALARM_PURPOSES = ["5xx-errors", "model-latency"] as const;
export type AlarmPurpose = (typeof ALARM_PURPOSES)[number];

/** Names of what one endpoint creates besides its model and configuration (the deploy role is scoped to these). */
export function endpointNames(endpointName: string) {
    return {
        endpoint: endpointName,
        errorsAlarm: `${endpointName}-${ALARM_PURPOSES[0]}`,
        latencyAlarm: `${endpointName}-${ALARM_PURPOSES[1]}`,
        scalingPolicy: `${endpointName}-invocations-per-instance`,
        alarmTopic: `${endpointName}-alarms`,
        /** Application Auto Scaling's ID of the variant. */
        scalableResourceId: `endpoint/${endpointName}/variant/${VARIANT_NAME}`,
    };
}

/**
 * The volume key of the endpoint configuration: none for instance types with local NVMe storage, which
 * AWS encrypts in hardware and for which CreateEndpointConfig rejects a KmsKeyId. The list of those types is
 * the same list as the policy pack (components/instanceStorage.ts, compared with policy-pack/lib/instanceStorage.ts by a test), so the component and the guardrail agree.
 */
export function volumeKmsKey<K>(instanceType: string, kmsKeyArn: K): K | undefined {
    return hasLocalInstanceStorage(instanceType) ? undefined : kmsKeyArn;
}

/** SageMaker's TrafficRoutingConfig, as @pulumi/aws names its fields. */
export interface TrafficRouting {
    type: "CANARY" | "LINEAR" | "ALL_AT_ONCE";
    waitIntervalInSeconds: number;
    canarySize?: { type: "INSTANCE_COUNT" | "CAPACITY_PERCENT"; value: number };
    linearStepSize?: { type: "INSTANCE_COUNT" | "CAPACITY_PERCENT"; value: number };
}

/**
 * How a blue/green update moves traffic to the new fleet. SageMaker requires a canary of at most half the
 * variant's instances and linear steps of 10-50 % of them:
 * - canary: a whole number of instances, `stepPercent` of the initial count rounded down, at least one; an
 *   autoscaled (larger) fleet only makes that share smaller, so it stays valid;
 * - linear: `stepPercent` of the capacity (10-50 % by the schema), valid for any fleet size;
 * - a single instance cannot be split: all at once, with the final baking period (`terminationWaitSeconds`)
 *   during which the alarms still roll back.
 */
export function trafficRouting(shifting: ModelEndpointSettings["trafficShifting"], initialInstanceCount: number): TrafficRouting {
    const wait = shifting.waitIntervalSeconds;
    if (initialInstanceCount < 2) return { type: "ALL_AT_ONCE", waitIntervalInSeconds: wait };
    if (shifting.mode === "linear") return { type: "LINEAR", waitIntervalInSeconds: wait, linearStepSize: { type: "CAPACITY_PERCENT", value: shifting.stepPercent } };
    const canary = Math.max(1, Math.floor((initialInstanceCount * shifting.stepPercent) / 100));
    return { type: "CANARY", waitIntervalInSeconds: wait, canarySize: { type: "INSTANCE_COUNT", value: canary } };
}

/** One CloudWatch alarm on the variant, as MetricAlarm arguments (without name, actions and tags). */
export interface AlarmSpec {
    /** What the alarm watches, part of its name: `<endpointName>-<purpose>`. */
    purpose: AlarmPurpose;
    name: string;
    alarmDescription: string;
    namespace: "AWS/SageMaker";
    metricName: string;
    dimensions: Record<string, string>;
    statistic: "Sum" | "Average";
    period: number;
    evaluationPeriods: number;
    threshold: number;
    comparisonOperator: "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold";
    treatMissingData: "notBreaching";
}

/**
 * The alarms that roll a blue/green update back and alert: server errors and model latency of the variant,
 * per minute. No traffic is no alarm (missing data does not breach), so a quiet staging endpoint deploys.
 * ModelLatency is in microseconds.
 */
export function rollbackAlarms(endpointName: string, alarms: ModelEndpointSettings["rollbackAlarms"]): AlarmSpec[] {
    const names = endpointNames(endpointName);
    const dimensions = { EndpointName: endpointName, VariantName: VARIANT_NAME };
    const common = { namespace: "AWS/SageMaker", dimensions, period: 60, evaluationPeriods: alarms.evaluationPeriods, treatMissingData: "notBreaching" } as const;
    return [
        {
            ...common,
            purpose: "5xx-errors",
            name: names.errorsAlarm,
            alarmDescription: `${endpointName}: ${alarms.errorsPerMinute} or more 5xx errors a minute; rolls a deployment back`,
            metricName: "Invocation5XXErrors",
            statistic: "Sum",
            threshold: alarms.errorsPerMinute,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
        },
        {
            ...common,
            purpose: "model-latency",
            name: names.latencyAlarm,
            alarmDescription: `${endpointName}: model latency above ${alarms.latencyMilliseconds} ms; rolls a deployment back`,
            metricName: "ModelLatency",
            statistic: "Average",
            threshold: alarms.latencyMilliseconds * 1000,
            comparisonOperator: "GreaterThanThreshold",
        },
    ];
}

/** Scaling bounds: none when the maximum is the initial count (nothing to scale), else initial..maximum. */
export function scalingBounds(initialInstanceCount: number, maxInstanceCount: number | undefined): { min: number; max: number } | undefined {
    const max = maxInstanceCount ?? initialInstanceCount;
    return max > initialInstanceCount ? { min: initialInstanceCount, max } : undefined;
}

/**
 * The endpoint's topic policy when the component creates the alarm topic: only this account's CloudWatch
 * alarms publish; nothing over plain HTTP.
 */
export function alarmTopicPolicy(topicArn: string, accountId: string): object {
    return serviceTopicPolicy(topicArn, accountId, "AlarmsOfThisAccountPublish", SERVICE_PRINCIPALS.cloudwatch);
}
