// `npm run build` in the pack's folder, and npm's prepack (so `npm pack`, which `pulumi policy publish` runs,
// ships the build): type-checks the pack and compiles it into bin/ with its tsconfig.json, then records what
// it was compiled from (compiledBuild.js). On any error it leaves no build, so the entry serves the TypeScript.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { BIN, writeManifest } = require("./compiledBuild.js");

/** Builds the pack in `dir`; returns the error messages, none when the build is in place. */
function build(dir) {
    const ts = require(require.resolve("typescript", { paths: [dir] }));
    const configFile = path.join(dir, "tsconfig.json");
    const read = ts.readConfigFile(configFile, ts.sys.readFile);
    const parsed = read.error ? { errors: [read.error] } : ts.parseJsonConfigFileContent(read.config, ts.sys, dir);
    const format = (diagnostics) => ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" });
    if (parsed.errors.length > 0) return [format(parsed.errors)];
    const outDir = path.join(dir, BIN);
    if (path.resolve(parsed.options.outDir ?? "") !== outDir) return [`${configFile}: compilerOptions.outDir must be "${BIN}", where the entry (main.js) looks for the build; it is ${JSON.stringify(parsed.options.outDir)}`];

    fs.rmSync(outDir, { recursive: true, force: true });
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const emitted = program.emit();
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
    if (diagnostics.length > 0 || emitted.emitSkipped) {
        fs.rmSync(outDir, { recursive: true, force: true });
        return [format(diagnostics) || "TypeScript emitted nothing"];
    }
    const inPack = (file) => !path.relative(dir, file).startsWith("..") && !file.split(/[\\/]/).includes("node_modules");
    const compiledFrom = program.getSourceFiles().map((f) => path.resolve(f.fileName)).filter(inPack);
    writeManifest(dir, [configFile, ...compiledFrom]);
    return [];
}

module.exports = { build };

if (require.main === module) {
    const errors = build(path.resolve(process.argv[2] ?? __dirname));
    if (errors.length > 0) {
        console.error(`The pack was not built (its entry serves the TypeScript until it is):\n${errors.join("\n")}`);
        process.exitCode = 1;
    }
}
