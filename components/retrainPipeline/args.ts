import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { input, logRetentionDaysSchema, wholeNumber } from "../args";
import { AwsContext, Naming } from "../naming";
import { fargateSizeProblem } from "./fargate";
import { PipelineNames, pipelineNameProblems } from "./names";
import { scheduleProblem, timeZoneProblem } from "./schedule";
import { PIPELINE_STEPS, PipelineStep } from "./steps";

/**
 * The arguments of RetrainPipeline, as one zod schema: the model's settings (what `mlplatform:pipelines[]`
 * holds, each field described as in the README's table) and the platform resources the pipeline uses.
 */

export { PIPELINE_STEPS, PipelineStep };

export const DEFAULT_STEPS = {
    preprocessing: { cpu: 1024, memory: 4096, timeoutMinutes: 60 },
    training: { cpu: 4096, memory: 16384, timeoutMinutes: 240 },
    validation: { cpu: 1024, memory: 2048, timeoutMinutes: 30 },
    publish: { cpu: 512, memory: 1024, timeoutMinutes: 15 },
} as const satisfies Record<PipelineStep, { cpu: number; memory: number; timeoutMinutes: number }>;

/**
 * SSM parameter names that look like secrets: stored as SecureString (KMS) with the value marked secret.
 * Their values belong in secret config: `pulumi config set --secret --path 'mlplatform:pipelines[0].parameters.api_token' ...`.
 */
export const SECRET_LOOKING_NAME = /(pass(word)?|secret|token|api[-_]?key|private[-_]?key|credential)/i;

const MODEL_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const PARAM_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const NAMESPACE = /^(?!AWS\/)[A-Za-z0-9 ._\-/#:]{1,255}$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DB_USER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
// git check-ref-format, simplified: no spaces, no "..", no leading/trailing slash or dot, no control chars.
export const GIT_BRANCH = /^(?!\/)(?!.*\.\.)(?!.*\/\/)(?!.*\.lock$)(?!.*[/.]$)[A-Za-z0-9._/-]{1,255}$/;

/** A string checked by a function that says why it is bad (schedule, time zone). */
function checkedString(what: string, problem: (s: string) => string | undefined) {
    return z.string({ error: what }).superRefine((s, ctx) => {
        const p = problem(s);
        if (p) ctx.addIssue({ code: "custom", input: s, message: p });
    });
}

/** One step's task size and timeout; a CPU/memory pair Fargate accepts. */
function stepSchema(defaults: (typeof DEFAULT_STEPS)[PipelineStep]) {
    return z
        .strictObject({
            cpu: z.number({ error: "a number of Fargate CPU units" }).default(defaults.cpu),
            memory: z.number({ error: "a number of MiB" }).default(defaults.memory),
            timeoutMinutes: wholeNumber(1, 7 * 24 * 60, "minutes").default(defaults.timeoutMinutes),
        })
        .superRefine((size, ctx) => {
            const p = fargateSizeProblem(size.cpu, size.memory);
            if (p) ctx.addIssue({ code: "custom", input: size, message: p });
        })
        .prefault({})
        .describe("task size and the state machine's timeout of that step");
}

const stepsSchema = z
    .strictObject(
        {
            preprocessing: stepSchema(DEFAULT_STEPS.preprocessing),
            training: stepSchema(DEFAULT_STEPS.training),
            validation: stepSchema(DEFAULT_STEPS.validation),
            publish: stepSchema(DEFAULT_STEPS.publish),
        },
        { error: (issue) => (issue.code === "unrecognized_keys" ? `only the steps ${PIPELINE_STEPS.join(", ")} (unknown: ${issue.keys.join(", ")})` : `a map of step sizes; the steps are ${PIPELINE_STEPS.join(", ")}`) },
    )
    .prefault({});

/** What a model's pipeline may vary (one entry of `mlplatform:pipelines`); every field but the name has a default. */
export const pipelineSettingsSchema = z.strictObject({
    name: z
        .string({ error: "the model name (required): 2-20 lowercase letters, digits or hyphens, starting with a letter" })
        .regex(MODEL_NAME, { error: "2-20 lowercase letters, digits or hyphens, starting with a letter" })
        .describe("model name, part of every name: `sefaz-ml-<name>-<env>`"),
    schedule: checkedString("a schedule expression such as cron(0 3 ? * MON *)", scheduleProblem)
        .default("cron(0 3 ? * MON *)")
        .describe("when EventBridge Scheduler starts a run"),
    scheduleTimezone: checkedString("an IANA time zone name", timeZoneProblem)
        .default("UTC")
        .describe("the zone the schedule is read in (seed 000's 03:00 UTC is 00:00 in `America/Sao_Paulo`)"),
    accuracyThreshold: z
        .number({ error: "a number from 0 to 1, e.g. 0.9" })
        .min(0, { error: "a number from 0 to 1, e.g. 0.9" })
        .max(1, { error: "a number from 0 to 1, e.g. 0.9" })
        .default(0.9)
        .describe("minimum validation accuracy to publish; also the alarm threshold"),
    metricNamespace: z
        .string({ error: "a CloudWatch namespace" })
        .regex(NAMESPACE, { error: "a CloudWatch namespace not starting with AWS/, e.g. SEFAZ/MLModel" })
        .default("MLPlatform/Model")
        .describe("where validation publishes `ModelAccuracy` (dimension `Model`)"),
    branch: z.string({ error: "a git branch name" }).regex(GIT_BRANCH, { error: "a git branch name" }).default("main").describe("pushes to it build the image"),
    imageTag: z
        .string({ error: "an image tag" })
        .regex(IMAGE_TAG, { error: "an image tag of letters, digits, _ . - (up to 128)" })
        .optional()
        .describe("the image the task definitions run (see releasing); while unset, tasks name `:unreleased` and the schedule is **disabled**"),
    keepImages: wholeNumber(1, 1000, "images").default(10).describe("tagged images ECR keeps"),
    parameters: z
        .record(
            z.string().regex(PARAM_NAME, { error: "parameter names use letters, digits, _ . - only" }),
            z.union([z.string(), z.number(), z.boolean()], { error: "a string, number or boolean" }),
            { error: "a map of parameter name to string, number or boolean" },
        )
        .default({ batch_size: 64, epochs: 30 })
        .describe(
            "SSM parameters `/<prefix>/<env>/training/<name>/<param>`, injected into every step; secret-looking names become KMS `SecureString` (set them with `pulumi config set --secret --path`)",
        ),
    steps: stepsSchema,
    dbUsername: z
        .string({ error: "a database user name" })
        .regex(DB_USER, { error: "a database user name: a letter or _, then letters, digits or _" })
        .default("ml_app")
        .describe("stored with a generated password in the pipeline's secret"),
});

/** One model's pipeline settings as given (defaults may be omitted). */
export type PipelineSettingsInput = z.input<typeof pipelineSettingsSchema>;
/** One model's pipeline settings with every default filled in. */
export type PipelineSettings = z.infer<typeof pipelineSettingsSchema>;
export type StepSettings = PipelineSettings["steps"][PipelineStep];

/** The settings of a model with every default: what `{ name }` alone means. */
export function defaultPipelineSettings(name: string): PipelineSettings {
    return pipelineSettingsSchema.parse({ name });
}

/** The arguments of RetrainPipeline. */
export const retrainPipelineArgsSchema = z
    .object({
        /** Name prefix of the platform, e.g. `sefaz-ml`. */
        prefix: z.string({ error: "the platform's name prefix, e.g. sefaz-ml (required)" }),
        /** Environment name (`dev`, `prod`). */
        environment: z.string({ error: "the environment name, e.g. dev (required)" }),
        /** The model's pipeline settings (schedule, threshold, step sizes, parameters...). */
        settings: pipelineSettingsSchema,
        /**
         * Private subnets (two or more AZs) and VPC the Fargate tasks run in, and optionally the security
         * group they use (e.g. the platform network's workload group); without one the pipeline creates a
         * group with no ingress and HTTPS egress only.
         */
        network: z.object({
            vpcId: input<string>("the VPC ID"),
            subnetIds: input<pulumi.Input<string>[]>("the private subnet IDs"),
            securityGroupId: input<string>("a security group ID").optional(),
        }),
        /** Training data bucket (seed 000's `sefaz-ml-data-prod`). */
        dataBucket: z.object({ name: input<string>("the bucket name"), arn: input<string>("the bucket ARN") }),
        /** Artifacts bucket: runs, metrics and published models. */
        artifactsBucket: z.object({ name: input<string>("the bucket name"), arn: input<string>("the bucket ARN") }),
        /** Platform KMS key (its policy must allow ECR, SQS, SNS, SSM, Secrets Manager and CloudWatch Logs). */
        kmsKeyArn: input<string>("the platform KMS key's ARN"),
        /** Retention of every log group the pipeline creates. */
        logRetentionDays: logRetentionDaysSchema,
        /** Days a deleted credentials secret stays recoverable (7-30). */
        secretRecoveryWindowDays: wholeNumber(7, 30, "days").describe("how long a deleted credentials secret stays recoverable").default(30),
        /** E-mail addresses subscribed to the alerts topic (each must confirm the subscription). */
        alertEmails: z.array(z.email({ error: "an e-mail address" }), { error: "a list of e-mail addresses" }).default([]),
        /** Database password; generated (and kept in state as a secret) when omitted. Never a plain string in code. */
        dbPassword: input<string>("the database password").optional(),
        /** Protect the credentials secret, repositories and image history from `pulumi destroy` (prod). */
        protect: z.boolean().default(false),
        /** Buildspec file of the image build. Default: the package's `buildspecs/training-image.yml`. */
        buildspecPath: z.string().optional(),
        /** CodeBuild image; a current standard image by default. */
        buildImage: z.string().optional(),
        /** Partition, account and region; looked up through the component's provider when omitted. */
        context: z.custom<pulumi.Input<AwsContext>>().optional(),
    })
    .superRefine((a, ctx) => {
        // Derived names must fit AWS's limits with this prefix and environment.
        for (const [, message] of pipelineNameProblems(new PipelineNames(new Naming(a.prefix, a.environment), a.settings.name))) {
            ctx.addIssue({ code: "custom", path: ["settings", "name"], input: a.settings.name, message });
        }
    });

/** What a caller passes to RetrainPipeline (settings' defaults may be omitted). */
export type RetrainPipelineArgs = z.input<typeof retrainPipelineArgsSchema>;
