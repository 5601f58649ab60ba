import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { PackConfigReconciler, PolicyConfigError } from "../../tools/offline/packConfig";
import { planJson, planText } from "../../tools/offline/report";
import { ROOT, inlineRun, policyPack } from "../harness";
import { runPlan } from "../support/runPlan";

/** Engine behaviours of the plan around the analysis: pack config, remediation, stack policies' timing. */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-engine-"));
const configFile = (name: string, config: object) => {
    const file = path.join(tmp, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
};

describe("engine fidelity: pack config as ReconcilePolicyPackConfig (S pkg/resource/analyzer/config.go)", () => {
    const reconciler = new PackConfigReconciler([
        { name: "regions", enforcementLevel: "mandatory", configSchema: { properties: { allowed: { type: "array", items: { type: "string" }, default: ["us-east-1"] }, strict: { type: "boolean", default: false } }, required: [] } },
        { name: "retention", enforcementLevel: "advisory", configSchema: { properties: { days: { type: "integer", minimum: 1 } }, required: ["days"] } },
        { name: "plain", enforcementLevel: "advisory" },
    ]);

    it("starts from schema defaults and levels, applies `all` (level only), then each entry, properties merged over the defaults", () => {
        const { policies, warnings } = reconciler.reconcile({ all: { enforcementLevel: "disabled", days: 99 }, regions: { strict: true }, retention: { enforcementLevel: "mandatory", days: 7 } });
        assert.deepEqual(policies.get("regions"), { enforcementLevel: "disabled", properties: { allowed: ["us-east-1"], strict: true } });
        assert.deepEqual(policies.get("retention"), { enforcementLevel: "mandatory", properties: { days: 7 } });
        assert.deepEqual(policies.get("plain"), { enforcementLevel: "disabled", properties: {} });
        assert.deepEqual(warnings, []);
    });

    it("warns about a name matching no policy, which the engine ignores", () => {
        const { warnings } = reconciler.reconcile({ retention: { days: 1 }, "no-such-policy": "mandatory" });
        assert.deepEqual(warnings, ['policy config names "no-such-policy", which is not a policy of the pack: ignored, as the engine does']);
    });

    it("refuses a config that breaks a policy's schema, naming policy, property and what is allowed", () => {
        assert.throws(
            () => reconciler.reconcile({ regions: { allowed: "us-east-1" }, retention: { days: 0 } }),
            (err: PolicyConfigError) =>
                err instanceof PolicyConfigError &&
                assert.deepEqual(err.problems, ["regions: property allowed must be array; allowed: array of string", "retention: property days must be >= 1; allowed: integer, >= 1"]) === undefined,
        );
        // A required property with no default is required of the config.
        assert.throws(() => reconciler.reconcile({}), /retention: property days is required; allowed: integer, >= 1/);
        assert.throws(() => reconciler.reconcile({ retention: { days: 1 }, plain: "strict" }), /plain: "strict" is not an enforcement level; allowed: advisory, mandatory, remediate, disabled/);
    });

    it("the plan exits 2 on an invalid config before running the program, and only warns about an unknown policy", async () => {
        // The crashing fixture would exit 2 with a program error if it ran: the config error comes first.
        const bad = await runPlan("--stack", "test", "--program", path.join(ROOT, "test", "fixtures", "crashing", "index.ts"), "--policy-config", configFile("bad", { "aws-allowed-regions": { allowedRegions: "us-east-1" } }));
        assert.equal(bad.code, 2);
        assert.match(bad.err, /^Policy config error: Invalid policy pack config \(1 problem\):\n {2}- aws-allowed-regions: property allowedRegions must be array; allowed: array of string$/);
        const unknown = await runPlan("--stack", "test", "--program", path.join(ROOT, "test", "fixtures", "open-studio", "index.ts"), "--policy-config", configFile("unknown", { "s3-bucket-encrypted": "advisory" }), "--json", path.join(tmp, "unknown-plan.json"));
        assert.notEqual(unknown.code, 2, unknown.err);
        assert.match(unknown.err, /Warning: policy config names "s3-bucket-encrypted", which is not a policy of the pack: ignored/);
        assert.match(JSON.parse(fs.readFileSync(path.join(tmp, "unknown-plan.json"), "utf8")).notices.join("\n"), /s3-bucket-encrypted/);
    });
});

describe("engine fidelity: remediation runs before analysis, and its result is analysed and shown (S step_generator.go)", () => {
    it("required tags added by remediation satisfy required-tags, and the plan shows the remediated inputs", async () => {
        const run = await inlineRun(() => {
            const partial = new aws.Provider("partial", { region: "us-east-1", defaultTags: { tags: { project: "p" } } });
            new aws.sns.Topic("untagged", { tags: { owner: "team-a" } }, { provider: partial });
        });
        const pack = await policyPack();
        try {
            await pack.configure({ "required-tags-remediation": { enforcementLevel: "remediate", defaultTagValues: { environment: "dev", owner: "platform", "cost-center": "CC-0" } } });
            const before = (await pack.analyze(run)).filter((v) => v.policy === "required-tags").map((v) => v.urn.split("::").pop());
            assert.deepEqual(before, ["untagged"], "without remediation the topic misses tags");
            const analysed = await pack.remediateThenAnalyze(run);
            assert.deepEqual(analysed.violations.filter((v) => v.policy === "required-tags"), []);
            assert.deepEqual(analysed.remediations.map((r) => [r.policy, r.urn.split("::").pop()]), [["required-tags-remediation", "untagged"]]);
            const plan = planJson(analysed.run, pack, analysed.violations, { remediations: analysed.remediations });
            const topic = plan.resources.find((r) => r.name === "untagged")!;
            assert.deepEqual(topic.inputs.tags, { owner: "team-a", environment: "dev", "cost-center": "CC-0" });
            assert.match(planText(plan), /Remediated before analysis .*:\n {2}- required-tags-remediation: urn:pulumi:test::policytest::aws:sns\/topic:Topic::untagged/);
        } finally {
            await pack.configure({});
        }
    });
});

describe("engine fidelity: stack policies run after `pulumi up` created the resources (S deployment_executor.go)", () => {
    const program = () => {
        new aws.ec2.Vpc("unlogged", { cidrBlock: "10.0.0.0/16" });
    };

    it("update mode marks each stack-policy violation as found after deployment, resource-policy ones not", async () => {
        const pack = await policyPack();
        await pack.configure({});
        const analysed = await pack.remediateThenAnalyze(await inlineRun(program));
        const plan = planJson(analysed.run, pack, analysed.violations);
        const flowLog = plan.violations.find((v) => v.policy === "vpc-flow-logs")!;
        assert.equal(flowLog.kind, "stack");
        assert.equal(flowLog.foundAfterDeployment, true);
        assert.ok(plan.violations.filter((v) => v.kind === "resource").every((v) => v.foundAfterDeployment === undefined));
        assert.match(planText(plan), /vpc-flow-logs\n.*\n.*\n.*has no flow log.*\n {6}found after deployment: `pulumi up` would already have created the stack's resources/);
    });

    it("preview mode does not: `pulumi preview` reports stack policies before anything is created", async () => {
        const pack = await policyPack();
        await pack.configure({});
        const analysed = await pack.remediateThenAnalyze(await inlineRun(program, { preview: true }));
        const plan = planJson(analysed.run, pack, analysed.violations);
        assert.ok(plan.violations.some((v) => v.kind === "stack"));
        assert.ok(plan.violations.every((v) => v.foundAfterDeployment === undefined));
    });
});
