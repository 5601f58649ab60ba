/**
 * Regenerates tools/offline/awsResourceFacts.json from @pulumi/aws's own type declarations: for every
 * resource type, the outputs the provider computes and which of them its Check fills in.
 *
 * Why from the declarations: pulumi-terraform-bridge generates them from the provider schema, and an
 * output typed `pulumi.Output<T>` (no `| undefined`) is one the schema marks Computed or Required
 * (pulumi-terraform-bridge pkg/tfgen/generate.go `isOptional`: "it isn't optional if it's computed").
 * Leaving out the required inputs, which the program always sets, what remains is what the provider
 * computes: in a real `pulumi preview` each of them the program did not set is unknown.
 *
 * `autoname`: the type has a `name` input, which pulumi-aws autonames (provider/autonaming.go).
 * `regional` / `taggable`: the type has `region` / `tags` and `tagsAll`, which pulumi-aws's pre-Check
 * callbacks fill (provider/region.go applyRegion, provider/tags.go applyTags).
 *
 * `invokes`: for every data source (invoke), the fields of its result, so an invoke the offline mocks
 * cannot answer returns each of them unknown instead of echoing its arguments.
 *
 * Run after upgrading @pulumi/aws: `node -r ./tools/register.js tools/gen-aws-resource-facts.ts`.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export interface AwsResourceFacts {
    /** Outputs the provider computes (Computed in the schema), the program's required inputs left out. */
    computed: string[];
    autoname?: true;
    regional?: true;
    taggable?: true;
}

/** True for `pulumi.Output<T>` whose T admits undefined (an optional, not computed, output). */
function outputMayBeUndefined(type: ts.TypeNode | undefined): boolean {
    if (!type || !ts.isTypeReferenceNode(type) || !type.typeArguments?.length) return true;
    const inner = type.typeArguments[0];
    return ts.isUnionTypeNode(inner) && inner.types.some((t) => t.kind === ts.SyntaxKind.UndefinedKeyword);
}

function propertyName(name: ts.PropertyName): string {
    return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : name.getText();
}

/** Facts for the resource class declared in one .d.ts file, or undefined if it declares none. */
export function factsOf(dtsText: string, fileName: string): AwsResourceFacts | undefined {
    const file = ts.createSourceFile(fileName, dtsText, ts.ScriptTarget.Latest, false);
    let cls: ts.ClassDeclaration | undefined;
    const interfaces = new Map<string, ts.InterfaceDeclaration>();
    for (const stmt of file.statements) {
        if (ts.isClassDeclaration(stmt) && stmt.name) cls ??= stmt;
        if (ts.isInterfaceDeclaration(stmt)) interfaces.set(stmt.name.text, stmt);
    }
    if (!cls?.name) return undefined;
    const args = interfaces.get(`${cls.name.text}Args`);
    const inputs = new Map<string, boolean>(); // name -> required
    for (const m of args?.members ?? []) {
        if (ts.isPropertySignature(m)) inputs.set(propertyName(m.name), !m.questionToken);
    }
    const outputs = new Map<string, boolean>(); // name -> always present (computed or required)
    for (const m of cls.members) {
        if (!ts.isPropertyDeclaration(m) || m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
        const name = propertyName(m.name);
        if (name === "id" || name === "urn") continue;
        outputs.set(name, !outputMayBeUndefined(m.type));
    }
    const computed = [...outputs].filter(([name, present]) => present && inputs.get(name) !== true).map(([name]) => name).sort();
    const facts: AwsResourceFacts = { computed };
    if (inputs.has("name")) facts.autoname = true;
    if (inputs.has("region") && outputs.has("region")) facts.regional = true;
    if (inputs.has("tags") && outputs.has("tagsAll")) facts.taggable = true;
    return facts;
}

/** The fields of the `Get...Result` interface an invoke's .d.ts declares. */
export function invokeResultFields(dtsText: string, fileName: string): string[] | undefined {
    const file = ts.createSourceFile(fileName, dtsText, ts.ScriptTarget.Latest, false);
    for (const stmt of file.statements) {
        if (ts.isInterfaceDeclaration(stmt) && /^Get.*Result$/.test(stmt.name.text)) {
            return stmt.members.filter(ts.isPropertySignature).map((m) => propertyName(m.name)).sort();
        }
    }
    return undefined;
}

function main(): void {
    const root = path.dirname(require.resolve("@pulumi/aws/package.json"));
    const types: Record<string, AwsResourceFacts> = {};
    const invokes: Record<string, string[]> = {};
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== "node_modules" && entry.name !== "types") walk(full);
                continue;
            }
            if (!entry.name.endsWith(".js")) continue;
            const js = fs.readFileSync(full, "utf8");
            const dts = full.replace(/\.js$/, ".d.ts");
            if (!fs.existsSync(dts)) continue;
            const token = /static __pulumiType = '([^']+)'/.exec(js)?.[1];
            const invoke = /pulumi\.runtime\.invoke\("([^"]+)"/.exec(js)?.[1];
            if (token) {
                const facts = factsOf(fs.readFileSync(dts, "utf8"), dts);
                if (facts) types[token] = facts;
            } else if (invoke) {
                const fields = invokeResultFields(fs.readFileSync(dts, "utf8"), dts);
                if (fields) invokes[invoke] = fields;
            }
        }
    };
    walk(root);
    const version = require("@pulumi/aws/package.json").version;
    const sorted = Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b)));
    const out = path.join(__dirname, "offline", "awsResourceFacts.json");
    // One type per line: reviewable diffs after an upgrade, and a small file.
    const lines = (o: Record<string, unknown>) =>
        Object.entries(o)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([t, f]) => `  ${JSON.stringify(t)}: ${JSON.stringify(f)}`)
            .join(",\n");
    fs.writeFileSync(out, `{\n "generatedFrom": ${JSON.stringify(`@pulumi/aws ${version}`)},\n "types": {\n${lines(sorted)}\n },\n "invokes": {\n${lines(invokes)}\n }\n}\n`);
    console.log(`${Object.keys(sorted).length} resource types, ${Object.keys(invokes).length} invokes from @pulumi/aws ${version} -> ${path.relative(process.cwd(), out)}`);
}

if (require.main === module) main();
