import { Naming } from "../naming";
import { PIPELINE_ROLE_KEYS, PipelineRoleKey } from "./iam";
import { PIPELINE_STEPS, PipelineStep } from "./steps";

/**
 * Every name one pipeline derives, in one place, with the AWS length limit of each: a model name that
 * makes any of them too long with the stack's prefix and environment is refused before anything is
 * registered (RetrainPipeline's schema and the stack config both ask `pipelineNameProblems`).
 */

export const EVENT_RULE_PURPOSES = ["on-push", "execution-failed", "build-failed"] as const;
export type EventRulePurpose = (typeof EVENT_RULE_PURPOSES)[number];
export const ALARM_PURPOSES = ["low-accuracy", "executions-failed", "executions-timed-out", "builds-failed", "dead-letters"] as const;
export type AlarmPurpose = (typeof ALARM_PURPOSES)[number];

/** SSM allows 1011 characters in a parameter name; the path leaves room for a 128-character parameter. */
const LONGEST_PARAMETER = 128;

/** Names of everything one pipeline creates, all derived from the model name and the stack's convention. */
export class PipelineNames {
    constructor(
        readonly naming: Naming,
        readonly model: string,
    ) {}
    private n(purpose?: string): string {
        return this.naming.name(purpose ? `${this.model}-${purpose}` : this.model);
    }
    get base(): string {
        return this.n();
    }
    get repository(): string {
        return this.n();
    }
    get buildProject(): string {
        return this.n("build");
    }
    get cluster(): string {
        return this.n();
    }
    taskFamily(step: PipelineStep): string {
        return this.n(step);
    }
    get stateMachine(): string {
        return this.n();
    }
    get topic(): string {
        return this.n("alerts");
    }
    get deadLetterQueue(): string {
        return this.n("dlq");
    }
    role(key: PipelineRoleKey): string {
        return this.n(`${key}-role`);
    }
    /** Log groups: `/sefaz-ml/prod/<model>/...`; Step Functions' under /aws/vendedlogs/ as AWS recommends. */
    get buildLogGroup(): string {
        return this.naming.logGroup(this.model, "codebuild");
    }
    stepLogGroup(step: PipelineStep): string {
        return this.naming.logGroup(this.model, `ecs/${step}`);
    }
    get stateMachineLogGroup(): string {
        return `/aws/vendedlogs/states/${this.n()}`;
    }
    /** SSM path of the training parameters: `/sefaz-ml/prod/training/<model>/`. */
    get parameterPath(): string {
        return `${this.naming.path}training/${this.model}/`;
    }
    get secret(): string {
        return this.naming.secretName(`${this.model}/db-credentials`);
    }
    /** The security group of the tasks, when the pipeline creates one. */
    get taskSecurityGroup(): string {
        return this.n("tasks");
    }
    get schedule(): string {
        return this.n("schedule");
    }
    /** EventBridge rules: `on-push`, `execution-failed`, `build-failed`. */
    eventRule(purpose: EventRulePurpose): string {
        return this.n(purpose);
    }
    alarm(purpose: AlarmPurpose): string {
        return this.n(purpose);
    }
    /** Object prefix of one model's runs in both buckets: `runs/<model>/`. */
    get runsPrefix(): string {
        return `runs/${this.model}/`;
    }
    /** Object prefix of the published models: `models/<model>/`. */
    get publishedPrefix(): string {
        return `models/${this.model}/`;
    }
}

/**
 * Each kind of name and its AWS length limit, most constraining first (the first one too long is
 * reported). Every getter of PipelineNames is listed here; a test checks that none is missing.
 */
export const PIPELINE_NAME_LIMITS: ReadonlyArray<readonly [what: string, of: (n: PipelineNames) => string[], limit: number]> = [
    ["IAM role name", (n) => PIPELINE_ROLE_KEYS.map((k) => n.role(k)), 64],
    ["EventBridge rule name", (n) => EVENT_RULE_PURPOSES.map((r) => n.eventRule(r)), 64],
    ["Scheduler schedule name", (n) => [n.schedule], 64],
    ["SQS queue name", (n) => [n.deadLetterQueue], 80],
    ["Step Functions state machine name", (n) => [n.stateMachine], 80],
    ["CodeCommit repository name", (n) => [n.repository], 100],
    ["CodeBuild project name", (n) => [n.buildProject], 150],
    ["CloudWatch alarm name", (n) => ALARM_PURPOSES.map((a) => n.alarm(a)), 255],
    ["ECS cluster name", (n) => [n.cluster], 255],
    ["ECS task definition family", (n) => PIPELINE_STEPS.map((st) => n.taskFamily(st)), 255],
    ["EC2 security group name", (n) => [n.taskSecurityGroup], 255],
    ["SNS topic name", (n) => [n.topic], 256],
    ["Secrets Manager secret name", (n) => [n.secret], 512],
    ["CloudWatch Logs log group name", (n) => [n.buildLogGroup, n.stateMachineLogGroup, ...PIPELINE_STEPS.map((st) => n.stepLogGroup(st))], 512],
    ["SSM parameter name", (n) => [`${n.parameterPath}${"p".repeat(LONGEST_PARAMETER)}`], 1011],
];

/** Names of one pipeline that exceed AWS limits, as `[field, problem]` pairs (the field is always `name`). */
export function pipelineNameProblems(names: PipelineNames): Array<[string, string]> {
    for (const [what, of, limit] of PIPELINE_NAME_LIMITS) {
        const longest = of(names).sort((a, b) => b.length - a.length)[0];
        if (longest.length > limit) {
            return [["name", `too long with prefix "${names.naming.prefix}" and environment "${names.naming.environment}": the ${what} ${longest} has ${longest.length} characters (AWS allows ${limit}); shorten the model name by ${longest.length - limit}`]];
        }
    }
    return [];
}
