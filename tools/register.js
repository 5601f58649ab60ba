// Loads the project's TypeScript (tools, tests, Pulumi programs) by transpiling each .ts file with
// esbuild as it is required. Transpile only, like ts-node's transpile-only mode the Pulumi CLI uses:
// type checking is `npm run typecheck`'s job. Only .ts files pass through here; JavaScript (all of
// node_modules) loads untouched, and transpiled files are cached on disk by content, so the offline plan
// costs little more than loading Pulumi itself.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const Module = require("module");

const CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "mlplatform-ts");

// V8's compiled code for every module loaded from here on (@pulumi/pulumi, @pulumi/aws, the pack, the
// program), kept on disk by Node (module.enableCompileCache, Node >= 22.8; Node 20 has none and loads as
// before). Compiling is a fifth of an offline plan's time. Node keeps a directory per Node version and
// checks each entry against its source's hash; NODE_COMPILE_CACHE, if set, has already chosen the
// directory, and NODE_DISABLE_COMPILE_CACHE=1 turns the cache off.
Module.enableCompileCache?.(path.join(__dirname, "..", "node_modules", ".cache", "mlplatform-v8"));
const TARGET = `node${process.versions.node.split(".")[0]}`;
let esbuild;

function transpile(source, filename) {
    esbuild ??= require("esbuild");
    return esbuild.transformSync(source, {
        loader: "ts",
        format: "cjs",
        target: TARGET,
        sourcefile: filename,
        sourcemap: "inline",
        // Same module semantics as tsconfig.json (experimentalDecorators, esModuleInterop).
        tsconfigRaw: { compilerOptions: { experimentalDecorators: true, esModuleInterop: true } },
    }).code;
}

function compileTypeScript(module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    const key = crypto.createHash("sha1").update(`${TARGET}\0${filename}\0${source}`).digest("hex");
    const cached = path.join(CACHE_DIR, `${key}.js`);
    let code;
    try {
        code = fs.readFileSync(cached, "utf8");
    } catch {
        code = transpile(source, filename);
        try {
            fs.mkdirSync(CACHE_DIR, { recursive: true });
            fs.writeFileSync(`${cached}.${process.pid}`, code);
            fs.renameSync(`${cached}.${process.pid}`, cached); // atomic: parallel runs never read half a file
        } catch {
            // A read-only checkout still works, just without the cache.
        }
    }
    module._compile(code, filename);
}

Module._extensions[".ts"] = compileTypeScript;

// ES module programs written in TypeScript import their own files with a `.js` suffix (`./naming.js` for
// naming.ts), as TypeScript's NodeNext resolution and ts-node under the Pulumi CLI allow: when no such
// JavaScript file exists, load the TypeScript one.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveTypeScriptForJs(request, parent, ...rest) {
    try {
        return resolveFilename.call(this, request, parent, ...rest);
    } catch (err) {
        const ts = /^\.{1,2}\/.*\.(m|c)?js$/.test(request) && parent?.filename?.endsWith("ts") ? request.replace(/js$/, "ts") : undefined;
        if (err.code !== "MODULE_NOT_FOUND" || !ts) throw err;
        return resolveFilename.call(this, ts, parent, ...rest);
    }
};
