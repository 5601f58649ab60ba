import { LONGEST_ENDPOINT_NAME } from "../modelEndpoint/args";
import { Naming } from "../naming";

/**
 * Every name one MLOps project derives, in one place, with the AWS length limit of each: a project name
 * that makes any of them too long with the stack's prefix and environment is refused before anything is
 * registered (MlopsProject's schema and the stack config both ask `mlopsNameProblems`).
 *
 * CodePipeline keeps a pipeline's artifacts under the first 20 characters of its name in the artifact
 * bucket, so two pipelines of a stack must differ there. Pipeline names therefore start with the project
 * name and an underscore (which project names cannot contain), then the purpose: `churn_build_sefaz-ml-dev`.
 * Project names are at most 18 characters, so the purpose's first letter (b or d) is always within the 20.
 */

/** The workloads of a project, one IAM role each. */
/** Not `build`: a retraining pipeline of the same model name has a `build` role (names share one namespace). */
export const MLOPS_ROLE_KEYS = ["pipeline", "model-build", "sm-pipeline", "deploy", "model", "events"] as const;
export type MlopsRoleKey = (typeof MLOPS_ROLE_KEYS)[number];

export const MLOPS_PIPELINES = ["build", "deploy"] as const;
export type MlopsPipeline = (typeof MLOPS_PIPELINES)[number];

/** CodeBuild projects: the model build, the resolve step, the endpoint deploy and the endpoint test. */
export const MLOPS_BUILD_PROJECTS = ["model-build", "resolve", "deploy", "endpoint-test"] as const;
export type MlopsBuildProject = (typeof MLOPS_BUILD_PROJECTS)[number];

export const MLOPS_RULES = ["approved", "awaiting-review", "build-push", "deploy-push", "pipeline-failed", "sm-failed"] as const;
export type MlopsRule = (typeof MLOPS_RULES)[number];

export const DEPLOY_STAGES = ["staging", "prod"] as const;
export type DeployStage = (typeof DEPLOY_STAGES)[number];

/** How many leading characters of a pipeline name CodePipeline uses as its artifact folder. */
export const ARTIFACT_FOLDER_CHARACTERS = 20;

/** Names of everything one project creates, all derived from the project name and the stack's convention. */
export class MlopsProjectNames {
    constructor(
        readonly naming: Naming,
        readonly project: string,
    ) {}
    private n(purpose?: string): string {
        return this.naming.name(purpose ? `${this.project}-${purpose}` : this.project);
    }
    /** CodePipeline names: `<project>_<build|deploy>_<prefix>-<env>` (see above). */
    pipeline(which: MlopsPipeline): string {
        return `${this.project}_${which}_${this.naming.prefix}-${this.naming.environment}`;
    }
    /** The folder CodePipeline keeps the pipeline's artifacts in: the first 20 characters of its name. */
    artifactFolder(which: MlopsPipeline): string {
        return this.pipeline(which).slice(0, ARTIFACT_FOLDER_CHARACTERS);
    }
    /** Default CodeCommit repositories (when the source is CodeCommit and config names none). */
    defaultRepository(which: MlopsPipeline): string {
        return this.n(`model-${which}`);
    }
    buildProject(which: MlopsBuildProject): string {
        return this.n(which);
    }
    role(key: MlopsRoleKey): string {
        return this.n(`${key}-role`);
    }
    /** The approver managed policy (people, not workloads). */
    get approverPolicy(): string {
        return this.n("approver");
    }
    /** Model package group and the SageMaker pipeline the build upserts: `sefaz-ml-churn-dev`. */
    get modelPackageGroup(): string {
        return this.n();
    }
    get sageMakerPipeline(): string {
        return this.n();
    }
    /** Endpoints the deploy build manages, one per stage: `sefaz-ml-churn-staging-dev`. */
    endpoint(stage: DeployStage): string {
        return this.n(stage);
    }
    eventRule(rule: MlopsRule): string {
        return this.n(rule);
    }
    /** Not `alerts`: a retraining pipeline of the same model name has that topic. */
    get alertsTopic(): string {
        return this.n("mlops-alerts");
    }
    get approvalsTopic(): string {
        return this.n("approvals");
    }
    logGroup(project: MlopsBuildProject): string {
        return this.naming.logGroup(`mlops/${this.project}`, project);
    }
    /** Objects the SageMaker pipeline reads and writes (code, data, model artifacts): `mlops/<project>/`. */
    get workPrefix(): string {
        return `mlops/${this.project}/`;
    }
    /** Where the endpoints' data capture goes: `mlops/<project>/data-capture/`. */
    get dataCapturePrefix(): string {
        return `${this.workPrefix}data-capture/`;
    }
    /** Default Pulumi state prefix of the endpoint program in the artifacts bucket. */
    get stateBackendPrefix(): string {
        return `pulumi-state/${this.project}`;
    }
    /** The endpoint program's stack of a stage: `<project>-<stage>` (contract with the endpoint program). */
    endpointStack(stage: DeployStage): string {
        return `${this.project}-${stage}`;
    }
}

/**
 * Each kind of name and its AWS length limit, most constraining first (the first one too long is
 * reported). Every getter of MlopsProjectNames is listed here; a test checks that none is missing.
 */
export const MLOPS_NAME_LIMITS: ReadonlyArray<readonly [what: string, of: (n: MlopsProjectNames) => string[], limit: number]> = [
    // 63 is SageMaker's limit; ModelEndpoint names its model and configuration `<endpoint>-<8 hex>`, so 54.
    ["SageMaker endpoint name", (n) => DEPLOY_STAGES.map((s) => n.endpoint(s)), LONGEST_ENDPOINT_NAME],
    ["SageMaker model package group name", (n) => [n.modelPackageGroup], 63],
    ["IAM role name", (n) => MLOPS_ROLE_KEYS.map((k) => n.role(k)), 64],
    ["EventBridge rule name", (n) => MLOPS_RULES.map((r) => n.eventRule(r)), 64],
    ["CodePipeline pipeline name", (n) => MLOPS_PIPELINES.map((p) => n.pipeline(p)), 100],
    ["CodeCommit repository name", (n) => MLOPS_PIPELINES.map((p) => n.defaultRepository(p)), 100],
    ["IAM policy name", (n) => [n.approverPolicy], 128],
    ["CodeBuild project name", (n) => MLOPS_BUILD_PROJECTS.map((p) => n.buildProject(p)), 150],
    ["SageMaker pipeline name", (n) => [n.sageMakerPipeline], 256],
    ["SNS topic name", (n) => [n.alertsTopic, n.approvalsTopic], 256],
    ["CloudWatch Logs log group name", (n) => MLOPS_BUILD_PROJECTS.map((p) => n.logGroup(p)), 512],
];

/**
 * Two projects whose derived names coincide (`a` + `sm-pipeline-role` and `a-sm` + `pipeline-role` make
 * the same role name), as `[later project index, name]` pairs: hyphens in project names make the
 * convention ambiguous, so the stack config refuses such a pair before anything is registered.
 */
export function mlopsNameCollisions(all: MlopsProjectNames[]): Array<[number, string]> {
    const owner = new Map<string, number>();
    const collisions: Array<[number, string]> = [];
    all.forEach((names, i) => {
        for (const [, of] of MLOPS_NAME_LIMITS) {
            for (const n of of(names)) {
                const first = owner.get(n);
                if (first !== undefined && first !== i) collisions.push([i, n]);
                else owner.set(n, i);
            }
        }
    });
    return collisions;
}

/** Names of one project that exceed AWS limits, as `[field, problem]` pairs (the field is always `name`). */
export function mlopsNameProblems(names: MlopsProjectNames): Array<[string, string]> {
    for (const [what, of, limit] of MLOPS_NAME_LIMITS) {
        const longest = of(names).sort((a, b) => b.length - a.length)[0];
        if (longest.length > limit) {
            return [["name", `too long with prefix "${names.naming.prefix}" and environment "${names.naming.environment}": the ${what} ${longest} has ${longest.length} characters (AWS allows ${limit}); shorten the project name by ${longest.length - limit}`]];
        }
    }
    return [];
}
