/**
 * `node -r tools/register.js tools/bench/cliCompile.ts <program directory>`: compiles a TypeScript program's
 * own modules (its entry and every relative import, transitively; not node_modules) as the Pulumi CLI's
 * cmd/run does before running it: with the ts-node and TypeScript its SDK picks (cliTypeScript), and the
 * options cmd/run/run.js registers it with for a CommonJS program (the project's tsconfig.json; type-checking
 * unless PULUMI_NODEJS_TRANSPILE_ONLY=true or, without that variable, the tsconfig's noCheck), with
 * ts-node's cache directory from TS_NODE_CACHE_DIRECTORY. Prints one JSON line: {tsnode, files, ms}. The
 * program is compiled, not run: what a run adds is the same whichever ts-node.
 */
import * as fs from "fs";
import * as path from "path";
import { cliTypeScript } from "../offline/pulumiCli";

/** The program's own TypeScript modules, from its entry through relative imports. */
function programModules(ts: typeof import("typescript"), entry: string): string[] {
    const seen = new Set<string>();
    const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const imported of ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles) {
            if (!imported.fileName.startsWith(".")) continue;
            const base = path.resolve(path.dirname(file), imported.fileName.replace(/\.js$/, ""));
            const found = [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f));
            if (found) visit(found);
        }
    };
    visit(entry);
    return [...seen];
}

function main(): void {
    const dir = path.resolve(process.argv[2] ?? ".");
    process.chdir(dir);
    const { tsnodeRequire, typescriptRequire } = cliTypeScript(dir);
    const ts: typeof import("typescript") = require(typescriptRequire);
    const entry = JSON.parse(fs.readFileSync("package.json", "utf8")).main ?? "index.ts";
    const files = programModules(ts, path.resolve(entry));
    const compilerOptions = fs.existsSync("tsconfig.json") ? (ts.readConfigFile("tsconfig.json", ts.sys.readFile).config?.compilerOptions ?? {}) : {};
    const started = process.hrtime.bigint(); // ts-node's own work from here: registering, then compiling
    const service = require(tsnodeRequire).register({
        compiler: typescriptRequire,
        transpileOnly: process.env.PULUMI_NODEJS_TRANSPILE_ONLY ? process.env.PULUMI_NODEJS_TRANSPILE_ONLY === "true" : compilerOptions.noCheck,
        project: "tsconfig.json",
        skipProject: !fs.existsSync("tsconfig.json"),
        compilerOptions: {},
    });
    for (const file of files) service.compile(fs.readFileSync(file, "utf8"), file, 0);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(JSON.stringify({ tsnode: path.relative(process.cwd(), tsnodeRequire), files: files.length, ms }));
}

// Exit 2 on failure (a type error, for one): the bench's measure() reads exit 1 as a plan's "violations found".
try {
    main();
} catch (err) {
    console.error(err);
    process.exit(2);
}
