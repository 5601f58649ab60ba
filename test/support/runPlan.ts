import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../tools/plan";
import { deepFreeze } from "./deepFreeze";

/** Runs the plan command in-process and captures what it prints. */
export async function runPlan(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const log = console.log;
    const error = console.error;
    console.log = (...a: unknown[]) => void out.push(a.join(" "));
    console.error = (...a: unknown[]) => void err.push(a.join(" "));
    try {
        const code = await main(args);
        return { code, out: out.join("\n"), err: err.join("\n") };
    } finally {
        console.log = log;
        console.error = error;
    }
}

/** A plan's exit code, what it printed, and the JSON it wrote (undefined when it stopped before writing). */
export interface PlanResult {
    code: number;
    out: string;
    err: string;
    json: any;
    /** The JSON file's bytes, for comparing plans byte for byte. */
    jsonText: string | undefined;
}

const shared = new Map<string, Promise<Readonly<PlanResult>>>();
let sharedDir: string | undefined;

/**
 * The plan command run once per process for the same arguments, for the tests that only read its
 * answer: several files check the same plans (the prod stack's text, the dev stack's JSON, each fixture
 * program), and a plan costs about a second of CPU. Always run with `--json` (to a file of its own, read
 * back: the JSON is the file the command wrote), so the text ends with its "Plan written to" line. The
 * answer is deeply frozen: a test cannot change what another reads. Files named in `args` (a usage file,
 * a policy config) must keep their content for the whole run; give `--json` here never, read `.json`.
 */
export function sharedPlan(...args: string[]): Promise<Readonly<PlanResult>> {
    if (args.includes("--json")) throw new Error("sharedPlan writes the JSON itself: read the result's json");
    const key = JSON.stringify(args);
    let plan = shared.get(key);
    if (!plan) {
        sharedDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "shared-plan-"));
        const file = path.join(sharedDir, `${shared.size}.json`);
        plan = runPlan(...args, "--json", file).then((r) => {
            const jsonText = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
            return deepFreeze({ ...r, json: jsonText === undefined ? undefined : JSON.parse(jsonText), jsonText });
        });
        shared.set(key, plan);
    }
    return plan;
}
