import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ArgsProblem, ModelEndpointArgs, identifierText, instanceCountProblem, modelEndpointFields, pathText, problemLines, problemsOf, show } from "@mlplatform/components";

/**
 * The endpoint program's configuration: every `modelEndpoint:` key and `aws:region`, parsed with the
 * ModelEndpoint schema's own fields before any resource is registered, so a bad stack (or a deploy
 * buildspec that forgot a variable) fails with one message listing every bad key.
 */

export const CONFIG_NAMESPACE = "modelEndpoint";
export const STAGES = ["staging", "prod"] as const;
export type Stage = (typeof STAGES)[number];

/** Tags the pack's `required-tags` asks for besides `environment`, which the stage gives. */
export const REQUIRED_TAG_KEYS = ["project", "owner", "cost-center"] as const;

const f = modelEndpointFields.shape;

/** The `modelEndpoint:` keys, each with the component field it configures. */
export const CONFIG_KEYS = [
    "modelPackageArn", "stage", "endpointName", "instanceType", "initialInstanceCount", "maxInstanceCount", "subnetIds", "securityGroupIds", "kmsKeyArn",
    "executionRoleArn", "dataCaptureS3Uri", "dataCapturePercent", "alarmTopicArn", "networkIsolation", "trafficShifting", "rollbackAlarms", "autoscaling", "tags", "protect",
] as const;

export const endpointConfigSchema = z
    .object(
        {
            modelPackageArn: identifierText("modelPackageArn").describe("ARN of the approved model package to serve (the resolve step's `MODEL_PACKAGE_ARN`)"),
            stage: z.enum(STAGES, { error: `the deployment stage: ${STAGES.join(" or ")} (required)` }).describe("the `environment` tag of every resource; prod protects the endpoint"),
            endpointName: f.endpointName.describe("SageMaker endpoint name; the model and endpoint configuration are named `<endpointName>-<8 hex>`"),
            instanceType: f.instanceType.describe("hosting instance type; a type with local NVMe storage gets no volume key (AWS rejects one), captured data stays encrypted"),
            initialInstanceCount: f.initialInstanceCount.describe("instances at creation and after each deployment; the autoscaling minimum"),
            maxInstanceCount: f.maxInstanceCount.describe("the autoscaling maximum; equal to the initial count, the endpoint does not scale"),
            subnetIds: z.array(identifierText("subnetId"), { error: "subnet IDs, comma-separated or a list (required)" }).min(1, { error: "at least one private subnet ID" }).describe("private subnets the model runs in"),
            securityGroupIds: z.array(identifierText("securityGroupId"), { error: "security group IDs, comma-separated or a list (required)" }).min(1, { error: "at least one security group ID" }).describe("security groups of the model's network interfaces"),
            kmsKeyArn: identifierText("kmsKeyArn").describe("customer-managed key of the endpoint's volumes and of the captured data"),
            executionRoleArn: identifierText("executionRoleArn").describe("role SageMaker assumes for the model (pulls the package's images and artifacts)"),
            dataCaptureS3Uri: identifierText("dataCaptureS3Uri").describe("where requests and responses are captured (`s3://bucket/prefix`), encrypted with the key"),
            dataCapturePercent: f.dataCapturePercent.describe("share of requests captured"),
            // An empty variable (no ALARM_TOPIC_ARN) means none: the component creates a topic for its alarms.
            alarmTopicArn: z.preprocess((v) => (v === "" ? undefined : v), identifierText("alarmTopicArn", false).optional()).describe("SNS topic the rollback alarms notify; unset or empty, the endpoint creates an encrypted topic for them"),
            networkIsolation: f.networkIsolation.describe("containers run without network access; turn off only for a container that must call other services while serving"),
            trafficShifting: f.trafficShifting.describe("blue/green traffic shifting (canary at most half the instances; one instance: all at once)"),
            rollbackAlarms: f.rollbackAlarms.describe("thresholds of the 5xx-errors and model-latency alarms that roll a deployment back"),
            autoscaling: f.autoscaling.describe("target tracking on invocations per instance"),
            // `pulumi config set --path` stores a number-like or true/false tag value as a number or boolean.
            tags: z.preprocess((v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === "number" || typeof x === "boolean" ? String(x) : x])) : v), f.tags).superRefine((tags, ctx) => {
                const missing = REQUIRED_TAG_KEYS.filter((k) => !tags[k]?.trim());
                if (missing.length > 0) ctx.addIssue({ code: "custom", input: tags, message: `a map of tags with ${REQUIRED_TAG_KEYS.join(", ")} (missing: ${missing.join(", ")}); environment comes from the stage` });
            }).describe("tags of every resource; `project`, `owner` and `cost-center` required, `environment` comes from the stage"),
            /** Default: true in prod, false in staging. */
            protect: z.boolean({ error: "true or false" }).optional().describe("protect the endpoint from `pulumi destroy`; true in prod"),
        },
    )
    .superRefine((c, ctx) => {
        const count = instanceCountProblem(c);
        if (count) ctx.addIssue({ code: "custom", path: ["maxInstanceCount"], input: c.maxInstanceCount, message: count });
        if (c.tags.environment !== undefined && c.tags.environment !== c.stage) {
            ctx.addIssue({ code: "custom", path: ["tags", "environment"], input: c.tags.environment, message: `the stage (${c.stage}) or nothing: the program tags every resource with environment=<stage>` });
        }
        if (c.stage === "prod" && c.protect === false) {
            ctx.addIssue({ code: "custom", path: ["protect"], input: false, message: "true in prod (to retire a prod endpoint, unprotect it deliberately: pulumi state unprotect <urn>)" });
        }
    });

/** Keys the stack must set: no default (the deploy buildspec sets each one; a test keeps the two in step). */
export function requiredKeys(): string[] {
    return Object.entries(endpointConfigSchema.shape)
        .filter(([, schema]) => !(schema as z.ZodType).safeParse(undefined).success)
        .map(([key]) => `${CONFIG_NAMESPACE}:${key}`);
}

/** Kinds of raw config text: strings stay text, anything else is read as JSON (YAML lists and maps arrive as JSON). */
const TEXT_KEYS = new Set(["modelPackageArn", "stage", "endpointName", "instanceType", "kmsKeyArn", "executionRoleArn", "dataCaptureS3Uri", "alarmTopicArn"]);
/** Lists a CI variable gives comma-separated (`subnet-a,subnet-b`); a stack file may give a YAML list. */
const LIST_KEYS = new Set(["subnetIds", "securityGroupIds"]);

function readValue(key: string, raw: string): unknown {
    if (TEXT_KEYS.has(key)) return raw;
    if (LIST_KEYS.has(key) && !raw.trimStart().startsWith("[")) return raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** What the program runs with. */
export interface EndpointProgramConfig {
    region: string;
    stage: Stage;
    endpoint: ModelEndpointArgs;
}

/** Raised before any resource is registered (the offline plan reports it as a configuration error, exit 2). */
export class ConfigError extends Error {
    constructor(
        readonly stack: string,
        readonly problems: ArgsProblem[],
    ) {
        super(
            `Invalid configuration for stack "${stack}" (${problems.length} problem${problems.length === 1 ? "" : "s"}). ` +
                `Fix these keys in Pulumi.${stack}.yaml (or with \`pulumi config set <key> <value>\`):\n${problemLines(problems)}`,
        );
        this.name = "ConfigError";
    }
}

/** Parses the whole config map (`namespace:key` -> raw text) of a stack. */
export function parseEndpointConfig(all: Record<string, string>, stack: string): EndpointProgramConfig {
    const problems: ArgsProblem[] = [];
    const values: Record<string, unknown> = {};
    for (const [fullKey, raw] of Object.entries(all)) {
        const [namespace, key] = [fullKey.slice(0, fullKey.indexOf(":")), fullKey.slice(fullKey.indexOf(":") + 1)];
        if (namespace === CONFIG_NAMESPACE) {
            if ((CONFIG_KEYS as readonly string[]).includes(key)) values[key] = readValue(key, raw);
            else problems.push({ key: fullKey, found: show(raw), allowed: `not a key of this program (known: ${CONFIG_KEYS.join(", ")})` });
        } else if (namespace === "aws" && key !== "region") {
            problems.push({ key: fullKey, found: show(raw), allowed: "no other aws: key: the program's provider takes only aws:region (credentials come from the environment, e.g. the deploy build's role)" });
        }
    }
    const region = all["aws:region"];
    if (region === undefined || !AWS_REGION.test(region)) problems.push({ key: "aws:region", found: show(region), allowed: "an AWS region code such as us-east-1 (required)" });
    const parsed = endpointConfigSchema.safeParse(values);
    if (!parsed.success) problems.push(...problemsOf(parsed.error, values, (path) => (path.length === 0 ? CONFIG_NAMESPACE : `${CONFIG_NAMESPACE}:${pathText(path)}`)));
    if (problems.length > 0 || !parsed.success) throw new ConfigError(stack, problems);
    const { stage, protect, tags, ...endpoint } = parsed.data;
    return {
        region: region!,
        stage,
        endpoint: { ...endpoint, tags: { ...tags, environment: stage }, protect: protect ?? stage === "prod" },
    };
}

/** Reads the running stack's configuration. */
export function loadEndpointConfig(): EndpointProgramConfig {
    return parseEndpointConfig(pulumi.runtime.allConfig(), pulumi.getStack());
}
