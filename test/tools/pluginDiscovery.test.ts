import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../harness";
import { requiredPlugins } from "../support/languageHostPlugins";

/** Writes `node_modules/<name>/package.json` under `dir`. */
function writePackage(dir: string, name: string, version: string, resource = true): void {
    const pkgDir = path.join(dir, "node_modules", ...name.split("/"));
    fs.mkdirSync(pkgDir, { recursive: true });
    fs.writeFileSync(path.join(pkgDir, "package.json"), JSON.stringify({ name, version, ...(resource ? { pulumi: { resource: true } } : {}) }));
}

describe("provider plugins the Node language host would require", () => {
    it("finds nested node_modules anywhere in the program's tree, and skips policy packs", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plugins-"));
        try {
            writePackage(dir, "@pulumi/aws", "7.48.0");
            writePackage(dir, "@pulumi/pulumi", "3.270.0", false);
            // What the awsguard workspace did: a hoisted package with its own @pulumi/aws 4.
            writePackage(path.join(dir, "node_modules", "@pulumi", "awsguard"), "@pulumi/aws", "v4.38.1");
            // A policy pack's own node_modules is not the program's.
            fs.mkdirSync(path.join(dir, "tools", "pack"), { recursive: true });
            fs.writeFileSync(path.join(dir, "tools", "pack", "PulumiPolicy.yaml"), "runtime: nodejs\n");
            writePackage(path.join(dir, "tools", "pack"), "@pulumi/aws", "4.0.0");
            // node_modules below a plain folder of the program counts too.
            writePackage(path.join(dir, "tools", "other"), "@pulumi/random", "4.21.2");
            const found = requiredPlugins(dir)
                .map((p) => `${p.name}@${p.version}`)
                .sort();
            assert.deepEqual(found, ["aws@4.38.1", "aws@7.48.0", "random@4.21.2"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("are the program's own versions: @pulumi/aws only at the version the program resolves (no v4 from awsguard)", function () {
        this.timeout(60_000);
        const rootAws = JSON.parse(fs.readFileSync(require.resolve("@pulumi/aws/package.json", { paths: [ROOT] }), "utf8")).version;
        const all = requiredPlugins(ROOT);
        const byName = new Map<string, Set<string>>();
        for (const p of all) byName.set(p.name, (byName.get(p.name) ?? new Set()).add(p.version));
        assert.deepEqual([...(byName.get("aws") ?? [])], [rootAws.replace(/^v/, "")]);
        // Every other copy of a plugin must be at the version the program itself resolves (node_modules/@pulumi/<name>).
        // Known and not ours to change: @pulumi/awsx 3 depends on @pulumi/docker 3 under the alias docker-classic.
        const knownExtraCopies = [path.join("node_modules", "docker-classic", "package.json")];
        const topLevel = (name: string) => all.find((p) => p.packageJson === path.join(fs.realpathSync(ROOT), "node_modules", "@pulumi", name, "package.json"))?.version;
        const unexpected = all.filter((p) => p.version !== topLevel(p.name) && !knownExtraCopies.some((k) => p.packageJson.endsWith(k)));
        assert.deepEqual(unexpected.map((p) => `${p.name}@${p.version} (${path.relative(ROOT, p.packageJson)})`), []);
    });
});
