import * as fs from "fs";
import * as path from "path";

/** A resource plugin the Node language host would ask the engine to install, and where it found it. */
export interface RequiredPlugin {
    name: string;
    version: string;
    packageJson: string;
}

/**
 * The plugins `pulumi up` would require for a Node program in `dir`, found the way the Node language
 * host does it (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go, GetRequiredPackages and
 * getPackagesFromDir): walk every directory under the program, following symlinks once, skipping
 * directories that hold a PulumiPolicy.yaml (nested policy packs), and read each package.json inside
 * a node_modules tree whose `pulumi.resource` is true. The name is `pulumi.name` or the package name
 * without its `@pulumi/` scope; the version is `pulumi.version` or the package version.
 */
export function requiredPlugins(dir: string, inNodeModules = false, visited = new Set<string>()): RequiredPlugin[] {
    const real = fs.realpathSync(dir);
    if (visited.has(real)) return [];
    visited.add(real);
    const found: RequiredPlugin[] = [];
    for (const entry of fs.readdirSync(real, { withFileTypes: true })) {
        const full = path.join(real, entry.name);
        const isDir = entry.isDirectory() || (entry.isSymbolicLink() && safeIsDir(full));
        if (isDir) {
            if (["PulumiPolicy.yaml", "PulumiPolicy.yml", "PulumiPolicy.json"].some((f) => fs.existsSync(path.join(full, f)))) continue;
            found.push(...requiredPlugins(full, inNodeModules || path.basename(real) === "node_modules", visited));
        } else if (inNodeModules && entry.name === "package.json") {
            let info: any;
            try {
                info = JSON.parse(fs.readFileSync(full, "utf8"));
            } catch {
                continue; // the host logs unreadable package.json files and goes on
            }
            if (info?.pulumi?.resource === true) {
                const name = info.pulumi.name || String(info.name).replace(/^@pulumi\//, "");
                found.push({ name, version: String(info.pulumi.version || info.version).replace(/^v/, ""), packageJson: full });
            }
        }
    }
    return found;
}

function safeIsDir(p: string): boolean {
    try {
        return fs.statSync(p).isDirectory();
    } catch {
        return false;
    }
}
