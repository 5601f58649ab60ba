import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../../harness";

const PACK = path.join(ROOT, "test", "fixtures", "configured-pack");
const PROGRAM = path.join(ROOT, "test", "fixtures", "insecure-team", "index.ts");

interface Outcome {
    code: number;
    err: string;
    violations?: string[];
}

/**
 * Plans the insecure-team program against the configured-pack fixture once per policy config, in one child
 * process (a process serves one pack, and this one serves the project's): each run is tools/plan.ts's main.
 */
function planEach(configs: Array<Record<string, unknown> | undefined>): Promise<Outcome[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "configured-pack-"));
    const runs = configs.map((config, i) => {
        const args = ["--stack", "test", "--program", PROGRAM, "--policy-pack", PACK, "--json", path.join(dir, `${i}.json`)];
        if (config) {
            fs.writeFileSync(path.join(dir, `${i}.config.json`), JSON.stringify(config));
            args.push("--policy-config", path.join(dir, `${i}.config.json`));
        }
        return args;
    });
    // runPlan (test/support) runs tools/plan.ts's main and captures what it prints.
    const script = `
        const { runPlan } = require("./test/support/runPlan.ts");
        (async () => {
            const outcomes = [];
            for (const args of ${JSON.stringify(runs)}) {
                const { code, err } = await runPlan(...args);
                outcomes.push({ code, err });
            }
            process.stdout.write(JSON.stringify(outcomes));
            process.exit(0);
        })();`;
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", "./tools/register.js", "-e", script], { cwd: ROOT });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("error", reject);
        child.on("close", (code) => {
            try {
                assert.equal(code, 0, err);
                const outcomes = JSON.parse(out) as Outcome[];
                resolve(
                    outcomes.map((o, i) => {
                        const file = path.join(dir, `${i}.json`);
                        if (!fs.existsSync(file)) return o;
                        const plan = JSON.parse(fs.readFileSync(file, "utf8"));
                        return { ...o, violations: plan.violations.map((v: any) => `${v.policy} ${v.level} ${v.urn.split("::").pop()}`).sort() };
                    }),
                );
            } catch (e) {
                reject(e);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });
}

/**
 * The CLI configures a pack once, with its policies' defaults, then the pack's own initial config (the third
 * argument of `new PolicyPack`, sent in GetAnalyzerInfo), then the --policy-pack-config file, validated as a
 * whole (pulumi/pulumi pkg/engine/update.go LoadLocalPolicyPackAnalyzers; pkg/resource/analyzer/config.go).
 * The plan used to configure with the defaults alone first, so a pack whose schema requires a value the
 * config file gives could not run, and it left the initial config out: `new AwsGuard({ all: "mandatory" })`
 * would have been planned advisory.
 */
describe("the offline plan configures a pack as the CLI does", function () {
    this.timeout(120_000);
    let outcomes: Outcome[];

    before(async () => {
        outcomes = await planEach([
            undefined,
            { "bucket-owner-prefixed": { prefix: "team-a" } },
            { "bucket-owner-prefixed": { prefix: "team-b" }, "role-described": "advisory", "bucket-name-short": { maxLength: 63 } },
        ]);
    });

    it("refuses to run a pack whose schema requires a value no config gives, naming it", () => {
        assert.equal(outcomes[0].code, 2);
        assert.match(outcomes[0].err, /Policy config error: Invalid policy pack config \(1 problem\):\n {2}- bucket-owner-prefixed: property prefix is required; allowed: string/);
    });

    it("runs it once the config file gives that value, with the pack's initial config applied under it", () => {
        assert.equal(outcomes[1].code, 1, outcomes[1].err);
        assert.deepEqual(outcomes[1].violations, [
            // Its own level, and the prefix the file gave.
            "bucket-owner-prefixed advisory data",
            // The initial config sets only maxLength, so the engine also sets the level: advisory, not mandatory.
            "bucket-name-short advisory data",
            // Advisory by default, mandatory by the pack's initial config.
            "role-described mandatory codebuild",
        ].sort());
    });

    it("lets the config file override the initial config", () => {
        assert.equal(outcomes[2].code, 0, outcomes[2].err);
        assert.deepEqual(outcomes[2].violations, ["role-described advisory codebuild"]);
    });
});
