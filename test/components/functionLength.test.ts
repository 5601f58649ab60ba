import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import ts from "typescript";
import { fileHash, memoisedOnFiles, saltOf } from "../support/fileMemo";

/** Functions, methods and constructors longer than the limit in one source text, as `line name (lines)`. */
function longFunctions(fileName: string, text: string, limit: number): string[] {
    const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && "body" in node && node.body) {
            const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
            const lines = source.getLineAndCharacterOfPosition(node.getEnd()).line - first + 1;
            const name = ts.isConstructorDeclaration(node) ? "constructor" : (node.name?.getText() ?? "(anonymous)");
            if (lines > limit) found.push(`${fileName}:${first + 1} ${name} (${lines} lines)`);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

const ROOT = path.join(__dirname, "..", "..");
function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

/**
 * The long functions of the given files, kept between runs (test/support/fileMemo.ts): parsing the ~120
 * files is about half a second of CPU, and the answer depends only on their content (hashed), which files
 * they are (the list), this file's code and TypeScript's version (the salt). Any change recomputes it.
 */
function longFunctionsOfFiles(files: string[], limit: number): string[] {
    const salt = saltOf(ts.version, fileHash(__filename), String(limit), ...files);
    return memoisedOnFiles("functionLength", salt, () => ({ value: files.flatMap((f) => longFunctions(path.relative(ROOT, f), fs.readFileSync(f, "utf8"), limit)), files })).value;
}

describe("code shape of the program (issue 11: no function much over 150 lines)", () => {
    it("has no function, method or constructor over 150 lines in components/ and stacks/", () => {
        const files = [...sources(path.join(ROOT, "components")), ...sources(path.join(ROOT, "stacks")), path.join(ROOT, "index.ts")];
        assert.deepEqual(longFunctionsOfFiles(files, 150), []);
    });

    it("counts a constructor's lines (the check can fail)", () => {
        const body = Array.from({ length: 150 }, (_, i) => `        this.x${i} = ${i};`).join("\n");
        assert.deepEqual(longFunctions("c.ts", `class C {\n    constructor() {\n${body}\n    }\n}\n`, 150), ["c.ts:2 constructor (152 lines)"]);
    });
});
