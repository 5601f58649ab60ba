import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { ROOT } from "../harness";
import { fileHash, listFiles, memoisedOnFiles, saltOf } from "./fileMemo";

/**
 * The doc comment of every component argument, read from the TypeScript `Args` types (z.input of each
 * schema: their properties are declared by the schemas' object literals in `components/<name>/args.ts`,
 * which carry the comments). The provider cannot read them at run time (no TypeScript there), so
 * `components/provider/fieldDocs.json` holds them, generated from this and compared by a test.
 *
 * The compiler reads about 3,300 files (38 MB, @pulumi/aws's declarations most of them) to answer: 5-10 s
 * of CPU. So the answer is kept between runs (test/support/fileMemo.ts) while all it depends on is
 * unchanged: every file the compiler read (the components' sources, their dependencies' declarations,
 * TypeScript's libs), the list of files under components/ (a new file may change how an import resolves),
 * package-lock.json (the installed packages), TypeScript's version and this file's code. Hashing those
 * costs about 0.1 s.
 */
export function fieldDocsOfSources(components: readonly string[]): { docs: Record<string, string>; fromCache: boolean } {
    const salt = saltOf(ts.version, fileHash(__filename), JSON.stringify(components), fileHash(path.join(ROOT, "package-lock.json")), ...listFiles(path.join(ROOT, "components")));
    const { value, fromCache } = memoisedOnFiles("fieldDocs", salt, () => collectFieldDocs(components));
    return { docs: value, fromCache };
}

/** The doc comments as the compiler reads them, and every file it read to do so. */
function collectFieldDocs(components: readonly string[]): { value: Record<string, string>; files: string[] } {
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
    const value = Object.fromEntries(Object.entries(docs).sort(([a], [b]) => a.localeCompare(b)));
    return { value, files: program.getSourceFiles().map((f) => path.resolve(f.fileName)) };
}

/** Rewrites components/provider/fieldDocs.json with the doc comments found. */
export function writeFieldDocs(docs: Record<string, string>): void {
    fs.writeFileSync(path.join(ROOT, "components", "provider", "fieldDocs.json"), `${JSON.stringify(docs, null, 4)}\n`);
}
