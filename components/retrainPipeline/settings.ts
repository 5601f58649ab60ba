import { fargateSizeProblem } from "./fargate";
import { scheduleProblem, timeZoneProblem } from "./schedule";

/** The four ECS steps of the retraining pipeline (seed 000), in order. */
export const PIPELINE_STEPS = ["preprocessing", "training", "validation", "publish"] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];

export interface StepSettings {
    /** Fargate CPU units (256, 512, 1024, 2048, 4096, 8192, 16384). */
    cpu: number;
    /** Memory in MiB; must be a pair Fargate accepts for the CPU. */
    memory: number;
    /** The state machine stops the task after this long. */
    timeoutMinutes: number;
}

/** What a model's pipeline may vary; every field has a default (seed 000's values where it has one). */
export interface PipelineSettings {
    /** Model name: part of every resource name (`sefaz-ml-<name>-...`). */
    name: string;
    /** EventBridge Scheduler expression; seed 000: `cron(0 3 ? * MON *)`. */
    schedule: string;
    /** IANA time zone the schedule is read in. Default UTC (seed 000's 03:00 UTC is 00:00 in Brasília). */
    scheduleTimezone: string;
    /** Minimum validation accuracy (0..1) to publish the model; also the alarm threshold. */
    accuracyThreshold: number;
    /** CloudWatch namespace of the ModelAccuracy metric (seed 000: `SEFAZ/MLModel`). */
    metricNamespace: string;
    /** Branch whose pushes build the training image. */
    branch: string;
    /**
     * Image tag the task definitions run: a commit ID CodeBuild pushed (tags are immutable). Unset until
     * the first image is built; the schedule stays disabled until then.
     */
    imageTag?: string;
    /** How many tagged images ECR keeps. */
    keepImages: number;
    /** Training parameters published to SSM (seed 000: batch_size 64, epochs 30). */
    parameters: Record<string, string | number | boolean>;
    steps: Record<PipelineStep, StepSettings>;
    /** Database user stored with the generated password in Secrets Manager. */
    dbUsername: string;
}

export const DEFAULT_STEPS: Record<PipelineStep, StepSettings> = {
    preprocessing: { cpu: 1024, memory: 4096, timeoutMinutes: 60 },
    training: { cpu: 4096, memory: 16384, timeoutMinutes: 240 },
    validation: { cpu: 1024, memory: 2048, timeoutMinutes: 30 },
    publish: { cpu: 512, memory: 1024, timeoutMinutes: 15 },
};

export function defaultPipelineSettings(name: string): PipelineSettings {
    return {
        name,
        schedule: "cron(0 3 ? * MON *)",
        scheduleTimezone: "UTC",
        accuracyThreshold: 0.9,
        metricNamespace: "MLPlatform/Model",
        branch: "main",
        keepImages: 10,
        parameters: { batch_size: 64, epochs: 30 },
        steps: DEFAULT_STEPS,
        dbUsername: "ml_app",
    };
}

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

/**
 * Problems of one pipeline's settings, as `[field, problem]` pairs (field paths like `steps.training.memory`).
 * Empty when the settings are valid. Shared by the stack config and the component's own argument check.
 */
export function pipelineSettingsProblems(s: PipelineSettings): Array<[string, string]> {
    const problems: Array<[string, string]> = [];
    const check = (field: string, problem: string | undefined) => problem && problems.push([field, problem]);
    check("name", MODEL_NAME.test(s.name) ? undefined : "2-20 lowercase letters, digits or hyphens, starting with a letter");
    check("schedule", scheduleProblem(s.schedule));
    check("scheduleTimezone", timeZoneProblem(s.scheduleTimezone));
    check(
        "accuracyThreshold",
        Number.isFinite(s.accuracyThreshold) && s.accuracyThreshold >= 0 && s.accuracyThreshold <= 1 ? undefined : "a number from 0 to 1, e.g. 0.9",
    );
    check("metricNamespace", NAMESPACE.test(s.metricNamespace) ? undefined : "a CloudWatch namespace not starting with AWS/, e.g. SEFAZ/MLModel");
    if (s.imageTag !== undefined) check("imageTag", IMAGE_TAG.test(s.imageTag) ? undefined : "an image tag of letters, digits, _ . - (up to 128)");
    check("keepImages", Number.isInteger(s.keepImages) && s.keepImages >= 1 && s.keepImages <= 1000 ? undefined : "a whole number from 1 to 1000");
    check("dbUsername", DB_USER.test(s.dbUsername) ? undefined : "a database user name: a letter or _, then letters, digits or _");
    for (const [name, value] of Object.entries(s.parameters)) {
        check(`parameters.${name}`, PARAM_NAME.test(name) ? undefined : "parameter names use letters, digits, _ . - only");
        check(`parameters.${name}`, ["string", "number", "boolean"].includes(typeof value) ? undefined : "a string, number or boolean");
    }
    for (const step of Object.keys(s.steps)) {
        if (!(PIPELINE_STEPS as readonly string[]).includes(step)) check(`steps.${step}`, `unknown step; steps are ${PIPELINE_STEPS.join(", ")}`);
    }
    for (const step of PIPELINE_STEPS) {
        const size = s.steps[step];
        if (!size) continue;
        check(`steps.${step}`, fargateSizeProblem(size.cpu, size.memory));
        check(
            `steps.${step}.timeoutMinutes`,
            Number.isInteger(size.timeoutMinutes) && size.timeoutMinutes >= 1 && size.timeoutMinutes <= 7 * 24 * 60 ? undefined : "a whole number of minutes from 1 to 10080",
        );
    }
    return problems;
}
