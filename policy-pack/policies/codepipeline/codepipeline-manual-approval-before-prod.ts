import { UnknownValueError } from "@pulumi/policy";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { skippedInPreview, whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "codepipeline",
    severity: "high",
    remediationSteps: [
        "Add a stage before the production deploy stage with an action { category: \"Approval\", owner: \"AWS\", provider: \"Manual\", version: \"1\" } (with an SNS NotificationArn so approvers hear of it).",
        "Or put the approval action in the production stage itself with a lower runOrder than the deploy action.",
        "Grant codepipeline:PutApprovalResult on the pipeline only to the approvers.",
    ],
    url: "https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals.html",
    frameworks: {
        nist: ["CM-3", "CM-5"],
    },
    source: "issue 12 (model CI/CD: staging then approval then prod)",
};

/** How the policy recognises a production deploy; each list can be replaced in the pack config. */
export interface ProductionDeployRules {
    /** Regular expressions (case-insensitive, whole word) a word of a name or of a deploy-stage value matches when it names production. */
    productionPatterns: string[];
    /** Words that make a named action a deployment, besides an action of category Deploy. */
    deployWords: string[];
    /** Words of a name that make an action a dry run (a Terraform plan, a Pulumi preview, a test) unless a deploy word is there too. */
    dryRunWords: string[];
    /** CodeBuild environment variables (action EnvironmentVariables) whose plaintext value names the stage deployed to. */
    stageVariableNames: string[];
}

export const DEFAULT_PRODUCTION_DEPLOY_RULES: ProductionDeployRules = {
    productionPatterns: ["prod", "production", "prd"],
    deployWords: ["deploy", "deployment", "release", "promote", "rollout"],
    dryRunWords: ["plan", "preview", "diff", "dry", "validate", "verify", "test", "tests", "lint", "check", "synth"],
    stageVariableNames: ["DEPLOY_STAGE", "DEPLOY_ENV", "DEPLOY_ENVIRONMENT", "TARGET_ENV", "TARGET_ENVIRONMENT"],
};

/** Words that turn the production word after them into its opposite: PreProd, non-prod. */
const NEGATING_WORDS = new Set(["pre", "non"]);

/** Deploy-action configuration keys whose value names the target (a CloudFormation stack, a CodeDeploy group). */
const TARGET_CONFIGURATION_KEYS = ["StackName", "DeploymentGroupName", "EnvironmentName"];

const UNKNOWN = Symbol("unknown in preview");

/** The value itself, or UNKNOWN when it is unknown in preview; unlike whenKnown, an unknown nested inside it is left for later reads. */
function shallow<T>(read: () => T): T | typeof UNKNOWN {
    try {
        return read();
    } catch (err) {
        if (err instanceof UnknownValueError) return UNKNOWN;
        throw err;
    }
}

/** Words of a name: `DeployProd-eu1` → deploy, prod, eu; camelCase, acronyms, separators and digits split. */
export function wordsOf(name: string): string[] {
    return name
        .replace(/([a-z])([A-Z])/g, "$1 $2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
        .toLowerCase()
        .split(/[^a-z]+/)
        .filter(Boolean);
}

/** True when a word of `words` names production and is not negated by the word before it (pre-prod, non-prod). */
function namesProduction(words: string[], patterns: RegExp[]): boolean {
    return words.some((word, i) => patterns.some((p) => p.test(word)) && !NEGATING_WORDS.has(words[i - 1]));
}

type Verdict = "production-deploy" | "other" | "unknown";

interface Action {
    stage: string;
    name: string;
    stageIndex: number;
    runOrder: number;
    approval: boolean;
    verdict: Verdict;
    unknownPart?: string;
}

/** One action read from the pipeline's inputs; a value unknown in preview makes its verdict "unknown" unless what is known decides it. */
function readAction(stageName: unknown, stageIndex: number, action: Record<string, any>, rules: ProductionDeployRules, patterns: RegExp[]): Action {
    const name = whenKnown(() => action.name);
    const category = whenKnown(() => action.category);
    const provider = whenKnown(() => action.provider);
    const runOrder = whenKnown(() => action.runOrder);
    const base = { stage: String(stageName ?? "?"), name: String(name ?? "?"), stageIndex, runOrder: typeof runOrder === "number" ? runOrder : 1 };
    // Manual is the only provider of the Approval category; a provider unknown in preview is taken as it.
    if (category === "Approval") return { ...base, approval: provider === undefined || provider === "Manual", verdict: "other" };
    if (category === "Source") return { ...base, approval: false, verdict: "other" };
    const unknown: string[] = [];
    if (typeof stageName !== "string") unknown.push("stage name");
    if (typeof name !== "string") unknown.push("action name");
    if (typeof category !== "string") unknown.push("category");
    const nameWords = [...wordsOf(typeof stageName === "string" ? stageName : ""), ...wordsOf(typeof name === "string" ? name : "")];
    const deployWord = nameWords.some((w) => rules.deployWords.includes(w));
    // Plan(prod) → Approve → Apply(prod) and CloudFormation's CreateChangeSet → Approve → ExecuteChangeSet change nothing before the approval.
    if (!deployWord && nameWords.some((w) => rules.dryRunWords.includes(w))) return { ...base, approval: false, verdict: "other" };
    if (provider === "CloudFormation" && whenKnown(() => action.configuration?.ActionMode) === "CHANGE_SET_REPLACE") return { ...base, approval: false, verdict: "other" };
    const deploys = category === "Deploy" || deployWord;
    if (deploys && namesProduction(nameWords, patterns)) return { ...base, approval: false, verdict: "production-deploy" };
    const read = shallow(() => action.configuration as Record<string, unknown> | undefined);
    if (read === UNKNOWN) unknown.push("configuration");
    const configuration = read === UNKNOWN ? undefined : read;
    const stageValue = stageVariable(configuration, rules);
    if (stageValue === "unknown") unknown.push("configuration.EnvironmentVariables");
    else if (stageValue !== undefined && namesProduction(wordsOf(stageValue), patterns)) return { ...base, approval: false, verdict: "production-deploy" };
    const targets = category === "Deploy" ? TARGET_CONFIGURATION_KEYS.map((key) => whenKnown(() => configuration?.[key])) : [];
    if (targets.some((target) => typeof target === "string" && namesProduction(wordsOf(target), patterns))) {
        return { ...base, approval: false, verdict: "production-deploy" };
    }
    return { ...base, approval: false, verdict: unknown.length ? "unknown" : "other", unknownPart: unknown.join(", ") || undefined };
}

/**
 * The plaintext value of the first deploy-stage variable among a CodeBuild action's EnvironmentVariables
 * (JSON text: [{name, value, type}]), "unknown" when that text is unknown in preview, undefined when none.
 * Values of type PARAMETER_STORE or SECRETS_MANAGER name a parameter, not a stage, and are not read.
 */
function stageVariable(configuration: Record<string, unknown> | undefined, rules: ProductionDeployRules): string | "unknown" | undefined {
    if (!configuration || !("EnvironmentVariables" in configuration)) return undefined;
    const text = whenKnown(() => configuration.EnvironmentVariables);
    if (text === undefined) return "unknown";
    let variables: unknown;
    try {
        variables = typeof text === "string" ? JSON.parse(text) : text;
    } catch {
        return undefined;
    }
    if (!Array.isArray(variables)) return undefined;
    const names = new Set(rules.stageVariableNames.map((n) => n.toUpperCase()));
    const found = variables.find((v) => typeof v?.name === "string" && names.has(v.name.toUpperCase()) && (v.type ?? "PLAINTEXT") === "PLAINTEXT" && typeof v.value === "string");
    return found?.value;
}

/** True when a manual approval runs, and must succeed, before `action`: in an earlier stage, or earlier in its own stage. */
function approvedBefore(action: Action, actions: Action[]): boolean {
    return actions.some((a) => a.approval && (a.stageIndex < action.stageIndex || (a.stageIndex === action.stageIndex && a.runOrder < action.runOrder)));
}

/** The rules in force: the pack config's lists where given, the defaults otherwise; a pattern that is not a regular expression is a config error. */
export function productionDeployRules(config: Partial<ProductionDeployRules>): { rules: ProductionDeployRules; patterns: RegExp[] } {
    const rules = { ...DEFAULT_PRODUCTION_DEPLOY_RULES, ...config };
    const patterns = rules.productionPatterns.map((source) => {
        try {
            return new RegExp(`^(?:${source})$`, "i");
        } catch (err) {
            throw new Error(`codepipeline-manual-approval-before-prod: productionPatterns entry ${JSON.stringify(source)} is not a regular expression (${(err as Error).message}). Fix: correct or remove it in the pack config`);
        }
    });
    const lower = (words: string[]) => words.map((w) => w.toLowerCase());
    return { rules: { ...rules, deployWords: lower(rules.deployWords), dryRunWords: lower(rules.dryRunWords) }, patterns };
}

export const manualApprovalBeforeProd = withMetadata(resourceCheck({
    name: "codepipeline-manual-approval-before-prod",
    description: "A CodePipeline that deploys to production has a manual approval action before every production deploy action (an earlier stage, or a lower runOrder in the same stage).",
    types: ["aws:codepipeline/pipeline:Pipeline"],
    configSchema: {
        properties: {
            productionPatterns: { type: "array", items: { type: "string" }, default: DEFAULT_PRODUCTION_DEPLOY_RULES.productionPatterns, description: "Regular expressions a whole word (case-insensitive) of a stage or action name, deploy target or deploy-stage variable matches when it names production." },
            deployWords: { type: "array", items: { type: "string" }, default: DEFAULT_PRODUCTION_DEPLOY_RULES.deployWords, description: "Words of a stage or action name that make a non-Deploy action (CodeBuild, Lambda, Commands) a deployment." },
            dryRunWords: { type: "array", items: { type: "string" }, default: DEFAULT_PRODUCTION_DEPLOY_RULES.dryRunWords, description: "Words of a stage or action name that make an action a dry run (plan, preview, test), not a deployment, unless a deploy word is there too." },
            stageVariableNames: { type: "array", items: { type: "string" }, default: DEFAULT_PRODUCTION_DEPLOY_RULES.stageVariableNames, description: "Action environment variables whose plaintext value names the stage deployed to." },
        },
    },
    check: (props, report, args) => {
        const { rules, patterns } = productionDeployRules(args.getConfig<Partial<ProductionDeployRules>>());
        const actions = ((props.stages ?? []) as Array<Record<string, any>>).flatMap((stage, stageIndex) => {
            const stageName = whenKnown(() => stage.name);
            const stageActions = shallow(() => stage.actions as Array<Record<string, any>> | undefined);
            if (stageActions === UNKNOWN) return [{ stage: String(stageName ?? "?"), name: "?", stageIndex, runOrder: 1, approval: false, verdict: "unknown" as const, unknownPart: "actions" }];
            return (stageActions ?? []).map((action) => readAction(stageName, stageIndex, action, rules, patterns));
        });
        const unapproved = actions.filter((a) => a.verdict !== "other" && !approvedBefore(a, actions));
        const deploys = unapproved.filter((a) => a.verdict === "production-deploy");
        for (const a of deploys) {
            report(`deploys to production in stage "${a.stage}" (action "${a.name}") with no manual approval before it`, "add a stage with a Manual approval action before it, or an approval action with a lower runOrder in the same stage");
        }
        const undecided = unapproved.find((a) => a.verdict === "unknown");
        if (deploys.length === 0 && undecided) {
            const err = skippedInPreview("");
            err.message = `stage "${undecided.stage}", action "${undecided.name}": ${undecided.unknownPart} unknown, so whether it deploys to production`;
            throw err;
        }
        if (deploys.length === 0 && !actions.some((a) => a.verdict === "production-deploy")) {
            args.notApplicable("the pipeline has no production deploy action");
        }
    },
}), metadata);
