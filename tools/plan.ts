/**
 * npm run plan -- --stack <name> [--program <entry.ts>] [--json <file>] [--mode update|preview]
 *                 [--policy-pack <dir>] [--policy-config <file>] [--config <key>=<value> ...] [--usage <file>]
 *                 [--stack-outputs <stack>=<file.json> ...]
 *
 * Runs a Pulumi TypeScript program under Pulumi's mocks with the stack's config, then the policy pack,
 * and prints what `pulumi preview --policy-pack policy-pack` would report, without credentials.
 * Exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 a usage, configuration or program error.
 */
// First: defers modules @pulumi/pulumi loads and a plan rarely uses, before anything loads @pulumi/pulumi.
import "./offline/deferredLoading";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { PolicyConfigError } from "./offline/packConfig";
import { LocalPolicyPack, PolicyPackConfig } from "./offline/policyPack";
import { planCost, readUsageFile } from "./offline/cost";
import { planJson, planText } from "./offline/report";
import { ProgramError, runProgram } from "./offline/runProgram";

const ROOT = path.resolve(__dirname, "..");

export const EXIT = { ok: 0, mandatoryViolation: 1, error: 2 } as const;

const USAGE = `Usage: npm run plan -- --stack <name> [--program <entry.ts>] [--json <file>] [--mode update|preview]
                        [--policy-pack <dir>] [--policy-config <file>] [--config <key>=<value> ...] [--usage <file>]
                        [--stack-outputs <stack>=<file.json> ...]
  --stack          stack whose Pulumi.<stack>.yaml configures the program (required)
  --program        Pulumi TypeScript entry file to check (default: this project's index.ts)
  --json           also write the plan as JSON to this file
  --mode           update: every output known, as after \`pulumi up\` (default);
                   preview: outputs of new resources unknown, as in \`pulumi preview\`
  --policy-pack    policy pack directory (default: this project's policy-pack)
  --policy-config  JSON policy config, as for \`pulumi preview --policy-pack-config\`
  -c, --config     key=value, repeatable: set a config value for this run, as \`pulumi preview --config\` does
  --usage          YAML or JSON usage file (runs, GB, hours per month) that turns usage-priced costs into figures
  --stack-outputs  <org/project/stack>=<file.json>, repeatable: outputs of a stack the program references
                   (pulumi.StackReference); without it they are unknown and the plan says so
Exit codes: 0 no mandatory violation, 1 a mandatory policy is violated, 2 usage, configuration or program error.`;

export async function main(argv: string[]): Promise<number> {
    let values: Record<string, string | boolean | string[] | undefined>;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                program: { type: "string" },
                json: { type: "string" },
                mode: { type: "string" },
                "policy-pack": { type: "string" },
                "policy-config": { type: "string" },
                config: { type: "string", short: "c", multiple: true },
                usage: { type: "string" },
                "stack-outputs": { type: "string", multiple: true },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
        }));
    } catch (err) {
        console.error(`${(err as Error).message}\n${USAGE}`);
        return EXIT.error;
    }
    if (values.help) {
        console.log(USAGE);
        return EXIT.ok;
    }
    const stack = values.stack as string | undefined;
    const mode = (values.mode as string | undefined) ?? "update";
    if (!stack) {
        console.error(`--stack is required.\n${USAGE}`);
        return EXIT.error;
    }
    if (mode !== "update" && mode !== "preview") {
        console.error(`--mode must be update or preview, got "${mode}".\n${USAGE}`);
        return EXIT.error;
    }
    const program = path.resolve((values.program as string | undefined) ?? path.join(ROOT, "index.ts"));
    if (!fs.existsSync(program)) {
        console.error(`--program: no such file ${program}`);
        return EXIT.error;
    }
    let policyConfig: PolicyPackConfig = {};
    if (values["policy-config"]) {
        try {
            policyConfig = JSON.parse(fs.readFileSync(values["policy-config"] as string, "utf8"));
        } catch (err) {
            console.error(`--policy-config: cannot read ${values["policy-config"]}: ${(err as Error).message}`);
            return EXIT.error;
        }
    }

    const configOverrides: Record<string, string> = {};
    for (const entry of (values.config as string[] | undefined) ?? []) {
        const at = entry.indexOf("=");
        if (at <= 0) {
            console.error(`--config takes key=value (e.g. mlplatform:logRetentionDays=90), got "${entry}"`);
            return EXIT.error;
        }
        const key = entry.slice(0, at);
        configOverrides[key] = entry.slice(at + 1);
    }

    let usage;
    try {
        usage = values.usage ? { file: values.usage as string, values: readUsageFile(values.usage as string) } : undefined;
    } catch (err) {
        console.error((err as Error).message);
        return EXIT.error;
    }

    const stackOutputs: Record<string, Record<string, unknown>> = {};
    for (const entry of (values["stack-outputs"] as string[] | undefined) ?? []) {
        const at = entry.lastIndexOf("=");
        if (at <= 0) {
            console.error(`--stack-outputs takes <org/project/stack>=<file.json>, got "${entry}"`);
            return EXIT.error;
        }
        try {
            stackOutputs[entry.slice(0, at)] = JSON.parse(fs.readFileSync(entry.slice(at + 1), "utf8"));
        } catch (err) {
            console.error(`--stack-outputs: cannot read ${entry.slice(at + 1)}: ${(err as Error).message}`);
            return EXIT.error;
        }
    }

    // As the engine: the policy pack is loaded and its config reconciled and validated before the program
    // runs, so an invalid config stops the run before any resource is registered.
    let pack: LocalPolicyPack;
    let configWarnings: string[];
    try {
        pack = await LocalPolicyPack.start((values["policy-pack"] as string | undefined) ?? path.join(ROOT, "policy-pack"));
        configWarnings = await pack.configure(policyConfig);
    } catch (err) {
        const label = err instanceof PolicyConfigError ? "Policy config error" : "Policy pack error";
        console.error(`${label}: ${(err as Error).message}`);
        return EXIT.error;
    }
    for (const w of configWarnings) console.error(`Warning: ${w}`);

    let run;
    try {
        run = await runProgram({ program, stack, preview: mode === "preview", configOverrides, stackOutputs });
    } catch (err) {
        const kind = err instanceof ProgramError ? err.kind : "program";
        console.error(`${kind === "config" ? "Configuration error" : "Program error"}: ${(err as Error).message}`);
        return EXIT.error;
    }
    let plan;
    let analysedRun = run;
    try {
        const analysed = await pack.remediateThenAnalyze(run);
        analysedRun = analysed.run;
        plan = planJson(analysed.run, pack, analysed.violations, { remediations: analysed.remediations, notices: [...configWarnings, ...(run.notices ?? [])] });
    } catch (err) {
        console.error(`Policy pack error: ${(err as Error).message}`);
        return EXIT.error;
    }
    // What gets deployed is the remediated program, so that is what gets priced.
    plan.cost = planCost(analysedRun, usage);
    console.log(planText(plan));
    if (values.json) {
        fs.writeFileSync(values.json as string, JSON.stringify(plan, null, 2) + "\n");
        console.log(`Plan written to ${values.json}`);
    }
    return plan.summary.mandatory > 0 ? EXIT.mandatoryViolation : EXIT.ok;
}

if (require.main === module) {
    // The plan reports messages, never stack traces; not capturing them (Pulumi and the policy engine
    // create an Error per promise and per not-applicable policy) saves a good part of the run.
    // Set PLAN_STACK_TRACES=1 to get them back when debugging the tool itself.
    if (!process.env.PLAN_STACK_TRACES) Error.stackTraceLimit = 0;
    main(process.argv.slice(2)).then(
        // The policy pack's analyzer server keeps the event loop alive: exit explicitly.
        (code) => process.exit(code),
        (err) => {
            console.error(err);
            process.exit(EXIT.error);
        },
    );
}
