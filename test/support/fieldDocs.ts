import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { ROOT } from "../harness";

/**
 * The doc comment of every component argument, read from the TypeScript `Args` types (z.input of each
 * schema: their properties are declared by the schemas' object literals in `components/<name>/args.ts`,
 * which carry the comments). The provider cannot read them at run time (no TypeScript there), so
 * `components/provider/fieldDocs.json` holds them, generated from this and compared by a test.
 */
export function collectFieldDocs(components: readonly string[]): Record<string, string> {
    const entry = path.join(ROOT, "components", "index.ts");
    const program = ts.createProgram([entry], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, skipLibCheck: true });
    const checker = program.getTypeChecker();
    const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!);
    const docs: Record<string, string> = {};
    const walk = (type: ts.Type, prefix: string, depth: number) => {
        if (depth > 6) return;
        const nonNull = type.getNonNullableType();
        for (const member of nonNull.isUnion() ? nonNull.types : [nonNull]) {
            if (!(member.flags & ts.TypeFlags.Object) || checker.isArrayType(member) || member.getCallSignatures().length) continue;
            // Outputs, Promises and other classes are values, not argument objects.
            if (member.getProperty("apply") || member.getProperty("then")) continue;
            for (const prop of member.getProperties()) {
                const key = `${prefix}.${prop.name}`;
                const text = ts.displayPartsToString(prop.getDocumentationComment(checker)).replace(/\s+/g, " ").trim();
                if (text && !(key in docs)) docs[key] = text;
                const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
                if (declaration) {
                    const propType = checker.getTypeOfSymbolAtLocation(prop, declaration);
                    const element = checker.isArrayType(propType.getNonNullableType()) ? checker.getTypeArguments(propType.getNonNullableType() as ts.TypeReference)[0] : propType;
                    walk(element, key, depth + 1);
                }
            }
        }
    };
    for (const name of components) {
        const symbol = exports.find((s) => s.name === `${name}Args`);
        if (!symbol) throw new Error(`components/index.ts exports no ${name}Args`);
        walk(checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(symbol)), name, 0);
    }
    return Object.fromEntries(Object.entries(docs).sort(([a], [b]) => a.localeCompare(b)));
}

/** Rewrites components/provider/fieldDocs.json with the doc comments found. */
export function writeFieldDocs(docs: Record<string, string>): void {
    fs.writeFileSync(path.join(ROOT, "components", "provider", "fieldDocs.json"), `${JSON.stringify(docs, null, 4)}\n`);
}
