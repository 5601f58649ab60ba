// `npm run build` in the pack's folder, before `pulumi policy publish` (which uploads what `npm pack` ships,
// bin/ included): type-checks the pack and compiles it into bin/ with its tsconfig.json, then records what it
// was compiled from (compiledBuild.js). On any error it leaves no bin/, so the entry serves the TypeScript.
// Not a prepack script: the CLI reads `npm pack`'s whole standard output as the tarball's name, and npm prints
// each script's banner there (pulumi/pulumi sdk/nodejs/npm/npm.go Pack; pulumi/pulumi#6594).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { BIN, outside, writeManifest } = require("./compiledBuild.js");

/** Builds the pack in `dir`; returns the error messages, none when the build is in place. */
function build(dir) {
    const ts = require(require.resolve("typescript", { paths: [dir] }));
    const configFile = path.join(dir, "tsconfig.json");
    const configSource = ts.readJsonConfigFile(configFile, ts.sys.readFile);
    const parsed = ts.parseJsonSourceFileConfigFileContent(configSource, ts.sys, dir, undefined, configFile);
    const format = (diagnostics) =>
        ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" });
    if (parsed.errors.length > 0) return [format(parsed.errors)];
    const outDir = path.join(dir, BIN);
    if (path.resolve(parsed.options.outDir ?? "") !== outDir) {
        return [`${configFile}: compilerOptions.outDir must be "${BIN}", where the entry (main.js) looks for the build; it is ${JSON.stringify(parsed.options.outDir)}`];
    }

    fs.rmSync(outDir, { recursive: true, force: true });
    let errors;
    try {
        errors = compile(ts, parsed, dir, [configFile, ...(configSource.extendedSourceFiles ?? [])], format);
    } catch (err) {
        errors = [String(err?.stack ?? err)];
    }
    if (errors.length > 0) fs.rmSync(outDir, { recursive: true, force: true });
    return errors;
}

/** Emits the program into bin/ and writes the record; the errors, if any (the caller then removes bin/). */
function compile(ts, parsed, dir, tsconfigs, format) {
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const emitted = program.emit();
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
    if (diagnostics.length > 0 || emitted.emitSkipped) return [format(diagnostics) || "TypeScript emitted nothing"];
    const inNodeModules = (file) => file.split(/[\\/]/).includes("node_modules");
    const sources = program.getSourceFiles().map((f) => path.resolve(f.fileName)).filter((file) => !inNodeModules(file));
    const elsewhere = [...tsconfigs, ...sources].filter((file) => outside(dir, file));
    // Compiled anyway, they would move bin/'s root up and leave no bin/index.js; served, they would be missing.
    if (elsewhere.length > 0) return [`the pack reads files outside its folder, which it would not ship: ${elsewhere.join(", ")}`];
    if (!fs.existsSync(path.join(dir, BIN, "index.js"))) return [`the build wrote no ${BIN}/index.js, the entry main.js serves`];
    writeManifest(dir, [...tsconfigs, ...sources]);
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
