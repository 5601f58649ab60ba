import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { Finding, judge, parseDocument, resourceStarOracle } from "../../../policy-pack/lib/documents";
import { RESOURCE_STAR_ACTIONS } from "../../../policy-pack/lib/iamDocument";
import { ProgramRun, runProgram } from "../../../tools/offline/runProgram";
import { ROOT, inputs, stackRun } from "../../harness";

type Kind = "identity" | "trust" | "resource";

/** Every policy document a run holds, with its kind: identity and trust policies, and resource policies of any type. */
function documentsOf(run: ProgramRun): Array<{ where: string; kind: Kind; value: unknown }> {
    const found: Array<{ where: string; kind: Kind; value: unknown }> = [];
    for (const r of run.resources) {
        const props = inputs(r);
        const add = (kind: Kind, prop: string, value: unknown) => value !== undefined && found.push({ where: `${r.type.split(":").pop()} ${r.name}.${prop}`, kind, value });
        if (["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy"].includes(r.type)) add("identity", "policy", props.policy);
        else if (r.type === "aws:iam/role:Role") {
            add("trust", "assumeRolePolicy", props.assumeRolePolicy);
            for (const p of props.inlinePolicies ?? []) add("identity", "inlinePolicies", p.policy);
        } else {
            for (const prop of ["policy", "resourcePolicy", "accessPolicies", "repositoryPolicy"]) {
                if (typeof props[prop] === "string" && props[prop].includes("Statement")) add("resource", prop, props[prop]);
            }
        }
    }
    return found;
}

/** Findings of the semantic library over a run's documents, with the pack's hand list on top of AWS's reference data. */
async function findingsOf(run: ProgramRun): Promise<Array<{ where: string; finding: Finding }>> {
    const docs = documentsOf(run);
    const actions = docs.flatMap((d) => {
        const parsed = parseDocument(d.value);
        return parsed.ok ? parsed.document.statements.flatMap((s) => s.actions) : [];
    });
    const allowResourceStar = await resourceStarOracle(actions, { allowed: Object.keys(RESOURCE_STAR_ACTIONS) });
    return docs.flatMap((d) => judge(d.value, d.kind, { allowResourceStar, ownAccounts: ["123456789012"] }).map((finding) => ({ where: d.where, finding })));
}

describe("documents: judged on real programs", () => {
    for (const stack of ["dev", "prod"]) {
        it(`finds nothing in the ${stack} stack's identity, trust and resource policies (no false positive)`, async () => {
            const run = await stackRun(stack);
            assert.ok(documentsOf(run).length >= 30, "walked the stack's documents");
            assert.deepEqual(await findingsOf(run), []);
        });
    }

    for (const fixture of fs.readdirSync(path.join(ROOT, "test", "fixtures")).filter((d) => d.startsWith("compliant-"))) {
        it(`finds nothing in the compliant corpus program ${fixture}`, async () => {
            const run = await runProgram({ program: path.join(ROOT, "test", "fixtures", fixture, "index.ts"), stack: "test" });
            assert.ok(documentsOf(run).length >= 5, "walked the program's documents");
            assert.deepEqual(await findingsOf(run), []);
        });
    }

    it("finds what the insecure fixture is written to hold: wildcard actions on Resource \"*\"", async () => {
        const run = await runProgram({ program: path.join(ROOT, "test", "fixtures", "insecure-team", "index.ts"), stack: "test" });
        const found = await findingsOf(run);
        assert.deepEqual(found.map((f) => `${f.where} ${f.finding.rule}`), ["RolePolicy codebuild.policy wildcard-action", "RolePolicy codebuild.policy resource-star"]);
    });
});
