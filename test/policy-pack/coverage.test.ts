import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policy-pack/policies";
import { policyOutcomes, policyPack, stackRun, violationsOf } from "../harness";

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

    it("has a test naming every policy (a violating and a compliant case live beside it)", () => {
        const dir = __dirname;
        const specs = fs.readdirSync(path.join(dir, "..", "..", "policy-pack", "policies"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".spec.ts")).map((f) => path.join(dir, "..", "..", "policy-pack", "policies", f));
        const tests = [...fs.readdirSync(dir).filter((f) => f.endsWith(".test.ts") && f !== path.basename(__filename)).map((f) => path.join(dir, f)), ...specs].map((f) => fs.readFileSync(f, "utf8")).join("\n");
        const untested = policies.map((p) => p.name).filter((n) => !tests.includes(`"${n}"`));
        assert.deepEqual(untested, []);
    });

    it("finds the project's prod stack compliant with every stack policy (the compliant case of each)", async () => {
        const run = await stackRun("prod");
        const stackPolicies = (await policyPack()).policies.filter((p) => p.kind === "stack" && p.name !== "exemptions-in-use");
        assert.ok(stackPolicies.length >= 10);
        for (const p of stackPolicies) assert.deepEqual(await violationsOf(run, p.name), [], p.name);
    });

    it("documents every policy in policy-pack/README.md's coverage table, with its default level", () => {
        const readme = fs.readFileSync(path.join(__dirname, "..", "..", "policy-pack", "README.md"), "utf8");
        const rows = new Map(readme.split("\n").filter((l) => l.startsWith("| `")).map((l) => [l.split("`")[1], l]));
        const missing = policies.map((p) => p.name).filter((n) => !rows.has(n));
        assert.deepEqual(missing, []);
        for (const p of policies) assert.ok(rows.get(p.name)!.includes(`| ${p.enforcementLevel} |`), `${p.name}: level ${p.enforcementLevel} in the table`);
    });

    it("serves exactly these policies to the engine, with their metadata", async () => {
        const pack = await policyPack();
        assert.equal(pack.name, "mlplatform-guardrails");
        assert.equal(pack.version, require("../../policy-pack/package.json").version);
        assert.deepEqual(pack.policies.map((p) => p.name).sort(), policies.map((p) => p.name).sort());
        const tags = pack.policies.find((p) => p.name === "required-tags")!;
        assert.deepEqual(tags.configSchema?.properties.requiredTags.default, ["project", "environment", "owner", "cost-center"]);
    });
});

/**
 * After every test has run: each policy of the pack was seen reporting a violation and seen passing a
 * resource it applies to. Enforced when all policy test files ran (a run of a single file skips it).
 */
after(function (this: Mocha.Context) {
    const dir = __dirname;
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".test.ts")).map((f) => path.join(dir, f));
    const ran = new Set<string>();
    const walk = (suite: Mocha.Suite) => {
        if (suite.file) ran.add(path.resolve(suite.file));
        suite.suites.forEach(walk);
    };
    walk(this.test!.parent!);
    if (!files.every((f) => ran.has(f))) return;
    // Remediation-only policies report nothing; the remediation tests cover them.
    const validating = policies.filter((p) => ("validateResource" in p && p.validateResource) || "validateStack" in p);
    const missing = validating
        .map((p) => ({ name: p.name, outcome: policyOutcomes.get(p.name) }))
        .filter(({ outcome }) => !outcome?.violating || !outcome?.compliant)
        .map(({ name, outcome }) => `${name}: ${outcome?.violating ? "" : "no violating case"}${!outcome?.violating && !outcome?.compliant ? ", " : ""}${outcome?.compliant ? "" : "no compliant case"}`);
    assert.deepEqual(missing, [], "policies without both a violating and a compliant test");
});
