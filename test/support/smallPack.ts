import * as fs from "fs";
import * as path from "path";
import { POLICY_PACK, ROOT } from "../harness";

/** policy-pack/build.js and policy-pack/compiledBuild.js, as the tests call them. */
export const packBuild = require(path.join(POLICY_PACK, "build.js")) as { build(dir: string): string[] };
export const compiledBuild = require(path.join(POLICY_PACK, "compiledBuild.js")) as {
    MANIFEST: string;
    freshCompiledEntry(dir: string): string | undefined;
    writeManifest(dir: string, files: string[]): void;
    outside(dir: string, file: string): boolean;
};

/**
 * A small pack of its own in `work`/pack, with copies of the real pack's entry and build (main.js and the other
 * JavaScript beside it): index.ts imports a folder module (lib/index.ts) and a JSON file naming its one policy,
 * unused.ts is compiled but imported by nothing, and tsconfig.json extends tsconfig.base.json. No type
 * imports and no DOM declarations, so a build or ts-node's type check of it stays small.
 */
export function smallPack(work: string, policyName: string): string {
    const dir = path.join(work, "pack");
    fs.mkdirSync(dir, { recursive: true });
    const entryFiles = fs.readdirSync(POLICY_PACK).filter((file) => file.endsWith(".js") || file === "PulumiPolicy.yaml");
    for (const file of entryFiles) fs.copyFileSync(path.join(POLICY_PACK, file), path.join(dir, file));
    // The repository's packages (typescript for the build, @pulumi/policy and @pulumi/pulumi for the CLI's entry).
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "small-pack", version: "1.0.0", main: "main.js" }));
    const base = { compilerOptions: { strict: true, target: "es2020", lib: ["es2020"], module: "commonjs", moduleResolution: "node", esModuleInterop: true, resolveJsonModule: true, skipLibCheck: true, types: [] } };
    fs.writeFileSync(path.join(dir, "tsconfig.base.json"), JSON.stringify(base));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ extends: "./tsconfig.base.json", compilerOptions: { outDir: "bin" } }));
    fs.writeFileSync(path.join(dir, "names.json"), JSON.stringify({ policy: policyName }));
    fs.mkdirSync(path.join(dir, "lib"));
    fs.writeFileSync(path.join(dir, "lib", "index.ts"), 'export const description = "d";\n');
    fs.writeFileSync(path.join(dir, "unused.ts"), "export const unused: number = 1;\n");
    fs.writeFileSync(
        path.join(dir, "index.ts"),
        [
            "declare function require(id: string): any;",
            'import names from "./names.json";',
            'import { description } from "./lib";',
            'const { PolicyPack } = require("@pulumi/policy");',
            'new PolicyPack("small-pack", { policies: [{ name: names.policy, description, enforcementLevel: "advisory", validateResource: () => undefined }] });',
            "",
        ].join("\n"),
    );
    return dir;
}
