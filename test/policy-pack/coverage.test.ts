import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { GuardrailPolicy } from "../../policy-pack/lib/metadata";
import { guardrails, policies } from "../../policy-pack/policies";
import { README, coverageTable, regenerated } from "../../tools/packReadme";
import { policyOutcomes, policyPack, stackRun, violationsOf } from "../harness";

const POLICIES_DIR = path.join(__dirname, "..", "..", "policy-pack", "policies");

/** policy-pack/policies/<service>/<file>.ts, without specs: [service, file name without .ts, full path]. */
function policyFiles(): Array<[string, string, string]> {
    return fs
        .readdirSync(POLICIES_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) =>
            fs
                .readdirSync(path.join(POLICIES_DIR, d.name))
                .filter((f) => f.endsWith(".ts") && !f.endsWith(".spec.ts"))
                .map((f) => [d.name, f.slice(0, -3), path.join(POLICIES_DIR, d.name, f)] as [string, string, string]),
        );
}

/** Every spec beside a policy and every test of the pack's own folder. */
function packTestFiles(): string[] {
    const specs = fs
        .readdirSync(POLICIES_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) => fs.readdirSync(path.join(POLICIES_DIR, d.name)).filter((f) => f.endsWith(".spec.ts")).map((f) => path.join(POLICIES_DIR, d.name, f)));
    const tests = fs.readdirSync(__dirname).filter((f) => f.endsWith(".test.ts")).map((f) => path.join(__dirname, f));
    return [...specs, ...tests];
}

describe("policy pack", () => {
    it("gives every policy a stable name, a description, a default enforcement level and a severity", () => {
        const names = policies.map((p) => p.name);
        assert.equal(new Set(names).size, names.length, "names are unique");
        for (const p of policies) {
            assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)+$/, p.name);
            assert.ok(p.description && p.description.endsWith("."), `${p.name} description`);
            assert.ok(p.enforcementLevel, `${p.name} enforcement level`);
            assert.ok(p.severity, `${p.name} severity`);
        }
    });

    it("keeps one policy per file, policies/<service>/<policy-name>.ts, with a spec beside it naming the policy", () => {
        const problems: string[] = [];
        const fromFiles: string[] = [];
        for (const [service, file, full] of policyFiles()) {
            const exported = Object.values(require(full)).filter((v): v is GuardrailPolicy => !!v && typeof v === "object" && "metadata" in v && "name" in v);
            if (exported.length !== 1) problems.push(`${service}/${file}.ts exports ${exported.length} policies`);
            for (const p of exported) {
                fromFiles.push(p.name);
                if (p.name !== file) problems.push(`${service}/${file}.ts holds ${p.name}`);
                if (p.metadata.service !== service) problems.push(`${p.name}: metadata.service ${p.metadata.service} but it lives under ${service}/`);
            }
            const spec = full.replace(/\.ts$/, ".spec.ts");
            if (!fs.existsSync(spec)) problems.push(`${service}/${file}.ts has no spec beside it`);
            else if (!fs.readFileSync(spec, "utf8").includes(`"${file}"`)) problems.push(`${service}/${file}.spec.ts never names "${file}"`);
        }
        assert.deepEqual(problems, []);
        assert.deepEqual(fromFiles.sort(), guardrails.map((p) => p.name).sort(), "policies/index.ts registers exactly the policy files");
    });

    it("gives every policy metadata: severity, remediation steps, a documentation URL, frameworks in their ID formats", () => {
        const problems: string[] = [];
        for (const p of policies as GuardrailPolicy[]) {
            const m = p.metadata;
            if (!m) {
                problems.push(`${p.name}: no metadata`);
                continue;
            }
            if (m.severity !== p.severity) problems.push(`${p.name}: severity ${p.severity} is not the metadata's ${m.severity}`);
            if (!/^[a-z0-9-]+$/.test(m.service)) problems.push(`${p.name}: service ${m.service}`);
            if (m.remediationSteps.length === 0 || m.remediationSteps.some((s) => !s.trim())) problems.push(`${p.name}: remediation steps`);
            if (!/^https:\/\/\S+$/.test(m.url)) problems.push(`${p.name}: url ${m.url}`);
            for (const id of m.frameworks.cis ?? []) if (!/^\d+(\.\d+)+$/.test(id)) problems.push(`${p.name}: CIS ${id}`);
            for (const id of m.frameworks.fsbp ?? []) if (!/^[A-Za-z][A-Za-z0-9]*\.\d+$/.test(id)) problems.push(`${p.name}: FSBP ${id}`);
            for (const id of m.frameworks.nist ?? []) if (!/^[A-Z]{2}-\d+(\(\d+\))?$/.test(id)) problems.push(`${p.name}: NIST ${id}`);
            for (const id of m.comparable?.checkov ?? []) if (!/^CKV2?_AWS_\d+$/.test(id)) problems.push(`${p.name}: checkov ${id}`);
            for (const id of m.comparable?.cdkNag ?? []) if (!/^AwsSolutions-[A-Za-z0-9]+$/.test(id)) problems.push(`${p.name}: cdk-nag ${id}`);
            for (const id of m.comparable?.trivy ?? []) if (!/^AVD-AWS-\d{4}$/.test(id)) problems.push(`${p.name}: trivy ${id}`);
        }
        assert.deepEqual(problems, []);
    });

    it("finds the project's prod stack compliant with every stack policy (the compliant case of each)", async () => {
        const run = await stackRun("prod");
        const stackPolicies = (await policyPack()).policies.filter((p) => p.kind === "stack" && p.name !== "exemptions-in-use");
        assert.ok(stackPolicies.length >= 10);
        for (const p of stackPolicies) assert.deepEqual(await violationsOf(run, p.name), [], p.name);
    });

    it("has policy-pack/README.md's coverage table generated from the metadata (npm run docs:pack)", () => {
        const readme = fs.readFileSync(README, "utf8");
        assert.equal(regenerated(readme), readme, "run npm run docs:pack");
        const table = coverageTable();
        for (const p of policies) assert.ok(table.includes(`| \`${p.name}\` | ${p.description.replace(/\|/g, "\\|")} |`), p.name);
    });

    it("serves exactly these policies to the engine, with their metadata", async () => {
        const pack = await policyPack();
        assert.equal(pack.name, "mlplatform-guardrails");
        assert.equal(pack.version, require("../../policy-pack/package.json").version);
        assert.deepEqual(pack.policies.map((p) => p.name).sort(), policies.map((p) => p.name).sort());
        const tags = pack.policies.find((p) => p.name === "required-tags")!;
        assert.deepEqual(tags.configSchema?.properties.requiredTags.default, ["project", "environment", "owner", "cost-center"]);
        for (const p of policies) {
            assert.equal(pack.policies.find((s) => s.name === p.name)!.severity, p.severity, p.name);
        }
    });
});

/**
 * After every test has run: each policy of the pack was seen reporting a violation and seen passing a
 * resource it applies to. Enforced when all the pack's specs and tests ran (a run of a single file skips it).
 */
after(function (this: Mocha.Context) {
    const files = packTestFiles();
    const ran = new Set<string>();
    const walk = (suite: Mocha.Suite) => {
        if (suite.file) ran.add(path.resolve(suite.file));
        suite.suites.forEach(walk);
    };
    walk(this.test!.parent!);
    if (!files.every((f) => ran.has(f))) return;
    // Remediation-only policies report nothing (their specs cover them); the selection only configures.
    const validating = policies.filter((p) => (("validateResource" in p && p.validateResource) || "validateStack" in p) && p.name !== "guardrails-selection");
    const missing = validating
        .map((p) => ({ name: p.name, outcome: policyOutcomes.get(p.name) }))
        .filter(({ outcome }) => !outcome?.violating || !outcome?.compliant)
        .map(({ name, outcome }) => `${name}: ${outcome?.violating ? "" : "no violating case"}${!outcome?.violating && !outcome?.compliant ? ", " : ""}${outcome?.compliant ? "" : "no compliant case"}`);
    assert.deepEqual(missing, [], "policies without both a violating and a compliant test");
});
