import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ArgsProblem, pathText, problemsOf, problemLines, show } from "../../components/args";
import { ModelEndpointArgs, identifierText, instanceCountProblem, modelEndpointFields } from "../../components/modelEndpoint/args";

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

/** Comma-separated text (what a CI variable holds) or a list: `subnet-a,subnet-b` and `[subnet-a, subnet-b]` alike. */
const commaList = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter((s) => s !== "") : v), schema);

const f = modelEndpointFields.shape;

/** The `modelEndpoint:` keys, each with the component field it configures. */
export const CONFIG_KEYS = [
    "modelPackageArn", "stage", "endpointName", "instanceType", "initialInstanceCount", "maxInstanceCount", "subnetIds", "securityGroupIds", "kmsKeyArn",
    "executionRoleArn", "dataCaptureS3Uri", "dataCapturePercent", "alarmTopicArn", "networkIsolation", "trafficShifting", "rollbackAlarms", "autoscaling", "tags", "protect",
] as const;

export const endpointConfigSchema = z
    .strictObject(
        {
            modelPackageArn: identifierText("modelPackageArn"),
            stage: z.enum(STAGES, { error: `the deployment stage: ${STAGES.join(" or ")} (required)` }),
            endpointName: f.endpointName,
            instanceType: f.instanceType,
            initialInstanceCount: f.initialInstanceCount,
            maxInstanceCount: f.maxInstanceCount,
            subnetIds: commaList(z.array(identifierText("subnetId"), { error: "subnet IDs, comma-separated or a list (required)" }).min(1, { error: "at least one private subnet ID" })),
            securityGroupIds: commaList(z.array(identifierText("securityGroupId"), { error: "security group IDs, comma-separated or a list (required)" }).min(1, { error: "at least one security group ID" })),
            kmsKeyArn: identifierText("kmsKeyArn"),
            executionRoleArn: identifierText("executionRoleArn"),
            dataCaptureS3Uri: identifierText("dataCaptureS3Uri"),
            dataCapturePercent: f.dataCapturePercent,
            // An empty variable (no ALARM_TOPIC_ARN) means none: the component creates a topic for its alarms.
            alarmTopicArn: z.preprocess((v) => (v === "" ? undefined : v), identifierText("alarmTopicArn", false).optional()),
            networkIsolation: f.networkIsolation,
            trafficShifting: f.trafficShifting,
            rollbackAlarms: f.rollbackAlarms,
            autoscaling: f.autoscaling,
            // `pulumi config set --path` stores a number-like or true/false tag value as a number or boolean.
            tags: z.preprocess((v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === "number" || typeof x === "boolean" ? String(x) : x])) : v), f.tags).superRefine((tags, ctx) => {
                const missing = REQUIRED_TAG_KEYS.filter((k) => !tags[k]?.trim());
                if (missing.length > 0) ctx.addIssue({ code: "custom", input: tags, message: `a map of tags with ${REQUIRED_TAG_KEYS.join(", ")} (missing: ${missing.join(", ")}); environment comes from the stage` });
            }),
            protect: f.protect.optional(),
        },
        { error: (issue) => (issue.code === "unrecognized_keys" ? `not a key of this program (known: ${CONFIG_KEYS.join(", ")})` : undefined) },
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
const TEXT_KEYS = new Set(["modelPackageArn", "stage", "endpointName", "instanceType", "subnetIds", "securityGroupIds", "kmsKeyArn", "executionRoleArn", "dataCaptureS3Uri", "alarmTopicArn"]);

function readValue(key: string, raw: string): unknown {
    if (TEXT_KEYS.has(key) && !raw.trimStart().startsWith("[")) return raw;
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
        if (namespace === CONFIG_NAMESPACE) values[key] = readValue(key, raw);
        else if (namespace === "aws" && key !== "region") {
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
