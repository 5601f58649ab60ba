import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { input, wholeNumber } from "../args";
import { AwsContext } from "../naming";

/**
 * The arguments of ModelEndpoint, as one zod schema: what the endpoint program's `modelEndpoint:` config
 * holds (each field described as in the README's table) and the settings a caller may tune.
 */

/** SageMaker endpoint names: letters, digits and hyphens, at most 63 (CreateEndpoint). */
export const ENDPOINT_NAME_LIMIT = 63;
/** `-<8 hex>` after the endpoint name: model and endpoint configuration names share the 63-character limit. */
export const NAME_SUFFIX_LENGTH = 9;
/** The longest endpoint name that leaves room for `-<8 hex>` in the model and endpoint configuration names. */
export const LONGEST_ENDPOINT_NAME = ENDPOINT_NAME_LIMIT - NAME_SUFFIX_LENGTH;

const ENDPOINT_NAME = new RegExp(`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,${LONGEST_ENDPOINT_NAME - 1}}$`);
/** `arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/3`: a versioned package of a group. */
export const MODEL_PACKAGE_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}\/\d+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/(mrk-)?[0-9a-f-]{32,36}|alias\/(?!aws\/)[a-zA-Z0-9/_-]{1,250})$/;
const INSTANCE_TYPE = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s]*)?$/;
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** The identifiers ModelEndpoint takes, each with its format and the sentence a user reads when it is wrong. */
export const IDENTIFIERS = {
    modelPackageArn: { what: "a versioned model package ARN, arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>", pattern: MODEL_PACKAGE_ARN },
    executionRoleArn: { what: "an IAM role ARN", pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/ },
    subnetId: { what: "a subnet ID such as subnet-0abc", pattern: /^subnet-[0-9a-f]{8,17}$/ },
    securityGroupId: { what: "a security group ID such as sg-0abc", pattern: /^sg-[0-9a-f]{8,17}$/ },
    kmsKeyArn: { what: "a customer-managed KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id> or alias/<name>, not alias/aws/...)", pattern: KMS_KEY_ARN },
    dataCaptureS3Uri: { what: "an S3 URI such as s3://bucket/prefix", pattern: S3_URI },
    alarmTopicArn: { what: "an SNS topic ARN", pattern: /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/ },
} as const;
export type Identifier = keyof typeof IDENTIFIERS;

/** An identifier given as text (stack config): checked against its format. */
export function identifierText(id: Identifier, required = true) {
    const { what, pattern } = IDENTIFIERS[id];
    return z.string({ error: required ? `${what} (required)` : what }).regex(pattern, { error: what });
}

/** An identifier given as a `pulumi.Input`: a plain string is checked against its format, an Output at deployment. */
function inputMatching(id: Identifier) {
    const { what, pattern } = IDENTIFIERS[id];
    return input<string>(what).superRefine((v, ctx) => {
        if (typeof v === "string" && !pattern.test(v)) ctx.addIssue({ code: "custom", input: v, message: what });
    });
}

/** How traffic moves to the new fleet during a blue/green update (SageMaker deployment guardrails). */
export const trafficShiftingSchema = z
    .strictObject({
        /** `canary`: one step then the rest; `linear`: equal steps. Both bake and watch the rollback alarms at each step. */
        mode: z.enum(["canary", "linear"], { error: "canary or linear" }).default("canary"),
        /** Share of the fleet's capacity in the canary or in each linear step (SageMaker: canary ≤ 50 %, linear 10-50 %). */
        stepPercent: wholeNumber(10, 50, "percent").default(10),
        /** Baking period after each step, while the rollback alarms watch (0-3600 s). */
        waitIntervalSeconds: wholeNumber(0, 3600, "seconds").default(300),
        /** How long the old fleet stays after all traffic moved, so a late alarm can still roll back (0-3600 s). */
        terminationWaitSeconds: wholeNumber(0, 3600, "seconds").default(300),
        /** Upper bound of the whole update before SageMaker rolls back (600-14400 s). */
        maximumExecutionTimeoutSeconds: wholeNumber(600, 14400, "seconds").default(3600),
    })
    .prefault({});

/** The alarms that roll a deployment back (and alert): server errors and model latency of the variant. */
export const rollbackAlarmsSchema = z
    .strictObject({
        /** Invocation5XXErrors (Sum per minute) at or above which the deployment rolls back. */
        errorsPerMinute: wholeNumber(1, 1_000_000, "errors").default(1),
        /** Average ModelLatency (milliseconds, per minute) above which the deployment rolls back. */
        latencyMilliseconds: wholeNumber(1, 3_600_000, "milliseconds").default(1000),
        /** Consecutive breaching minutes before an alarm fires. */
        evaluationPeriods: wholeNumber(1, 60, "periods").default(2),
    })
    .prefault({});

/** Target tracking on SageMakerVariantInvocationsPerInstance between the initial and the maximum count. */
export const autoscalingSchema = z
    .strictObject({
        /** Invocations per instance per minute the policy keeps the variant at. */
        targetInvocationsPerInstance: wholeNumber(1, 1_000_000, "invocations per minute").default(100),
        /** Seconds between scale-in activities (slow, to ride out dips). */
        scaleInCooldownSeconds: wholeNumber(0, 86400, "seconds").default(300),
        /** Seconds between scale-out activities (fast). */
        scaleOutCooldownSeconds: wholeNumber(0, 86400, "seconds").default(60),
    })
    .prefault({});

/** The fields of ModelEndpoint's arguments, before the rules between them (the endpoint program picks from these). */
export const modelEndpointFields = z.object({
    /** Endpoint name (1-54 letters, digits, hyphens: the model and configuration add `-<8 hex>` within SageMaker's 63). */
    endpointName: z
        .string({ error: "the endpoint name (required)" })
        .regex(ENDPOINT_NAME, { error: `1-${LONGEST_ENDPOINT_NAME} letters, digits or hyphens, starting and ending with a letter or digit (the model and endpoint configuration add -<8 hex> within SageMaker's ${ENDPOINT_NAME_LIMIT})` }),
    /** ARN of the approved model package the model is created from (its containers and artifacts). */
    modelPackageArn: inputMatching("modelPackageArn"),
    /** Role SageMaker assumes to pull the package's images and artifacts (passed in, not created here). */
    executionRoleArn: inputMatching("executionRoleArn"),
    /** Private subnets (two or more AZs for availability) the model's containers run in. */
    subnetIds: z.array(inputMatching("subnetId"), { error: "a list of subnet IDs" }).min(1, { error: "at least one private subnet ID" }),
    /** Security groups of the model's network interfaces. */
    securityGroupIds: z.array(inputMatching("securityGroupId"), { error: "a list of security group IDs" }).min(1, { error: "at least one security group ID" }),
    /** Customer-managed KMS key: endpoint volumes (where the instance type has no local NVMe storage) and captured data. */
    kmsKeyArn: inputMatching("kmsKeyArn"),
    /** Hosting instance type, e.g. `ml.m5.large`. */
    instanceType: z.string({ error: "an instance type such as ml.m5.large" }).regex(INSTANCE_TYPE, { error: "an instance type such as ml.m5.large" }),
    /** Instances at creation and after each deployment; the autoscaling minimum. */
    initialInstanceCount: wholeNumber(1, 100, "instances").default(1),
    /** Autoscaling maximum; equal to the initial count, the endpoint does not scale. */
    maxInstanceCount: wholeNumber(1, 100, "instances").optional(),
    /** Run the containers without network access (no calls out of the container, even inside the VPC). */
    networkIsolation: z.boolean({ error: "true or false" }).default(true),
    /** Where request and response data are captured (`s3://bucket/prefix`), encrypted with the key. */
    dataCaptureS3Uri: inputMatching("dataCaptureS3Uri"),
    /** Share of requests captured (1-100). */
    dataCapturePercent: wholeNumber(1, 100, "percent").default(100),
    /** SNS topic the alarms notify; without one the component creates an encrypted topic for them. */
    alarmTopicArn: inputMatching("alarmTopicArn").optional(),
    trafficShifting: trafficShiftingSchema,
    rollbackAlarms: rollbackAlarmsSchema,
    autoscaling: autoscalingSchema,
    /** Tags of every resource the endpoint creates. */
    tags: z
        .record(z.string().regex(TAG_KEY, { error: "tag keys: up to 128 characters, not starting with aws:" }), z.string().regex(TAG_VALUE, { error: "tag values: up to 256 letters, digits, spaces or _ . : / = + - @" }), {
            error: "a map of tag key to value",
        })
        .default({}),
    /** Protect the endpoint from `pulumi destroy` (prod). */
    protect: z.boolean({ error: "true or false" }).default(false),
    /** Partition, account and region; looked up through the component's provider when omitted. */
    context: z.custom<pulumi.Input<AwsContext>>().optional(),
});

/** The scaling maximum is at least the initial count. */
export function instanceCountProblem(a: { initialInstanceCount: number; maxInstanceCount?: number }): string | undefined {
    return a.maxInstanceCount !== undefined && a.maxInstanceCount < a.initialInstanceCount ? `at least initialInstanceCount (${a.initialInstanceCount})` : undefined;
}

/** The arguments of ModelEndpoint. */
export const modelEndpointArgsSchema = modelEndpointFields.superRefine((a, ctx) => {
    const problem = instanceCountProblem(a);
    if (problem) ctx.addIssue({ code: "custom", path: ["maxInstanceCount"], input: a.maxInstanceCount, message: problem });
});

/** What a caller passes to ModelEndpoint (defaults may be omitted). */
export type ModelEndpointArgs = z.input<typeof modelEndpointArgsSchema>;
/** ModelEndpoint's arguments with their defaults filled in. */
export type ModelEndpointSettings = z.infer<typeof modelEndpointArgsSchema>;
