import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ROOT } from "../harness";

/**
 * The CI workflow (.github/workflows/pulumi.yml), read as data. GitHub runs it only in GitHub, so these
 * checks are what keeps it honest here: action majors on the Node 24 runtime, a pinned Pulumi CLI in
 * step with the SDK, no duplicate type check or lint (the Pulumi CLI's included), and no secrets or OIDC for
 * pull requests from forks.
 */

/**
 * The major of each action the workflow may use, and why it is that one: the action.yml of that major
 * tag says `runs.using: node24` (read in each repository's tags; older majors are node20 or node16).
 */
const NODE24_MAJORS: Record<string, { major: number; since: string }> = {
    "actions/checkout": { major: 7, since: "v5 (v4 is node20)" },
    "actions/setup-node": { major: 7, since: "v5 (v4 is node20)" },
    "actions/upload-artifact": { major: 7, since: "v6 (v5 is node20)" },
    "aws-actions/configure-aws-credentials": { major: 6, since: "v6.0.0 (v5 is node20)" },
    "pulumi/actions": { major: 7, since: "7.0.0 (v6 is node20)" },
};

const FORK_GUARD = "github.event.pull_request.head.repo.full_name == github.repository";

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, unknown>;
}
interface Job {
    if?: string;
    needs?: string | string[];
    permissions?: Record<string, string> | string;
    steps: Step[];
    env?: Record<string, unknown>;
}
interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string> | string;
    jobs: Record<string, Job>;
}

function readWorkflow(): Workflow {
    return YAML.parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", "pulumi.yml"), "utf8")) as Workflow;
}

/** The version package-lock.json resolves for @pulumi/pulumi (the SDK the program runs on). */
function lockedSdkVersion(): string {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
    return lock.packages["node_modules/@pulumi/pulumi"].version;
}

/** The jobs a job needs, as a list. */
const needsOf = (job: Job): string[] => (typeof job.needs === "string" ? [job.needs] : (job.needs ?? []));

/** Whether a job runs npm test (which type-checks and lints). */
const runsNpmTest = (job: Job): boolean => job.steps.some((s) => /\bnpm (run )?test\b/.test(s.run ?? ""));

/** Whether a job can run for a pull request from a fork: its own `if` and every job it needs must allow it. */
function runsForForkPullRequests(wf: Workflow, name: string): boolean {
    const job = wf.jobs[name];
    const condition = job.if ?? "";
    const excludesForks = condition.includes(FORK_GUARD) || /github\.event_name == 'push'/.test(condition);
    const needs = needsOf(job);
    // A job whose needed job was skipped is skipped too, unless its condition says always().
    return !excludesForks && (condition.includes("always()") || needs.every((n) => runsForForkPullRequests(wf, n)));
}

/** Whether a job that `name` needs, directly or through others, runs npm test (which type-checks the program). */
function typeCheckedBefore(wf: Workflow, name: string): boolean {
    return needsOf(wf.jobs[name]).some((n) => runsNpmTest(wf.jobs[n]) || typeCheckedBefore(wf, n));
}

function usesSecretsOrOidc(job: Job): boolean {
    const text = JSON.stringify({ steps: job.steps, env: job.env });
    const perms = job.permissions;
    const oidc = perms === "write-all" || (typeof perms === "object" && perms["id-token"] === "write");
    return /\$\{\{\s*secrets\./.test(text) || oidc;
}

/** Everything wrong with a workflow, one line each (empty when it is right). */
function workflowProblems(wf: Workflow, sdkVersion: string, testScript: string): string[] {
    const problems: string[] = [];
    for (const [name, job] of Object.entries(wf.jobs)) {
        for (const step of job.steps) {
            if (step.uses) {
                const [action, ref] = step.uses.split("@");
                const wanted = NODE24_MAJORS[action];
                if (!wanted) problems.push(`${name}: ${step.uses} is not an action whose Node 24 major is known here`);
                else if (ref !== `v${wanted.major}`) problems.push(`${name}: ${step.uses} should be ${action}@v${wanted.major} (node24 since ${wanted.since})`);
                if (action === "pulumi/actions" && String(step.with?.["pulumi-version"] ?? "") !== sdkVersion) {
                    problems.push(`${name}: pulumi/actions needs pulumi-version: ${sdkVersion} (the @pulumi/pulumi version in package-lock.json), found ${step.with?.["pulumi-version"] ?? "none"}`);
                }
            }
            if (runsNpmTest(job) && /\bnpm run (typecheck|lint|build)\b|\b(tsc|eslint)\b/.test(step.run ?? "")) {
                problems.push(`${name}: "${step.run}" repeats what npm test already runs (${testScript})`);
            }
        }
        const pulumi = job.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
        if (pulumi && String(pulumi.env?.PULUMI_NODEJS_TRANSPILE_ONLY) !== "true") {
            problems.push(`${name}: the Pulumi CLI type-checks the program again (about 6 s): set PULUMI_NODEJS_TRANSPILE_ONLY: "true" in the pulumi/actions step's env`);
        } else if (pulumi && !typeCheckedBefore(wf, name)) {
            problems.push(`${name}: transpiles the program only (PULUMI_NODEJS_TRANSPILE_ONLY) but no job it needs runs npm test, which type-checks it`);
        }
        if (usesSecretsOrOidc(job) && wf.on.pull_request !== undefined && runsForForkPullRequests(wf, name)) {
            problems.push(`${name}: uses secrets or an OIDC token but can run for a pull request from a fork (add ${FORK_GUARD} to its if)`);
        }
    }
    return problems;
}

describe("the CI workflow", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

    it("uses Node 24 majors of every action, a Pulumi CLI pinned to the SDK's version, one test step, and guards forks", () => {
        assert.deepEqual(workflowProblems(readWorkflow(), lockedSdkVersion(), pkg.scripts.test), []);
    });

    it("relies on npm test for the type check and lint, and runs it on every Node major the engines allow in CI", () => {
        assert.match(pkg.scripts.test, /npm run typecheck/);
        assert.match(pkg.scripts.test, /npm run lint/);
        const checks = readWorkflow().jobs.checks as Job & { strategy: { matrix: { node: number[] } } };
        assert.deepEqual(checks.strategy.matrix.node, [22, 24]);
        assert.equal(pkg.engines.node, ">=22");
        // The pack is installed and served on its own too, so it states the same floor.
        assert.equal(JSON.parse(fs.readFileSync(path.join(ROOT, "policy-pack", "package.json"), "utf8")).engines.node, pkg.engines.node);
    });

    it("finds each kind of mistake in a workflow", () => {
        const sdk = lockedSdkVersion();
        const mutate = (change: (wf: Workflow) => void) => {
            const wf = readWorkflow();
            change(wf);
            return workflowProblems(wf, sdk, pkg.scripts.test);
        };
        const preview = (wf: Workflow) => wf.jobs.preview;
        const pulumiStep = (job: Job) => job.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
        assert.match(mutate((wf) => (wf.jobs.checks.steps[0].uses = "actions/checkout@v4")).join("\n"), /checks: actions\/checkout@v4 should be actions\/checkout@v7/);
        assert.match(mutate((wf) => (pulumiStep(preview(wf)).uses = "pulumi/actions@v6")).join("\n"), /should be pulumi\/actions@v7/);
        assert.match(mutate((wf) => delete pulumiStep(preview(wf)).with!["pulumi-version"]).join("\n"), /preview: pulumi\/actions needs pulumi-version/);
        assert.match(mutate((wf) => wf.jobs.checks.steps.splice(3, 0, { run: "npm run lint" })).join("\n"), /checks: "npm run lint" repeats what npm test already runs/);
        assert.match(mutate((wf) => (preview(wf).if = "github.event_name == 'pull_request'")).join("\n"), /preview: uses secrets or an OIDC token but can run for a pull request from a fork/);
        assert.match(mutate((wf) => delete pulumiStep(wf.jobs["up-prod"]).env!.PULUMI_NODEJS_TRANSPILE_ONLY).join("\n"), /up-prod: the Pulumi CLI type-checks the program again/);
        assert.match(mutate((wf) => delete preview(wf).needs).join("\n"), /preview: transpiles the program only \(PULUMI_NODEJS_TRANSPILE_ONLY\) but no job it needs runs npm test/);
        // The deploy jobs run on pushes to main only; made to run on pull requests, they are caught too.
        assert.match(mutate((wf) => delete wf.jobs["up-dev"].if).join("\n"), /up-dev: uses secrets[\s\S]*up-prod: uses secrets/);
    });
});
