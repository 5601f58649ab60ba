/**
 * Regenerates policy-pack/lib/taggableTypes.json: every @pulumi/aws resource type whose resource has a
 * `tags` property. The required-tags policy must know which resources can carry tags even when a
 * resource sets none (it then inherits only the provider's default tags), and the analyzer does not
 * receive the provider schema. Run after upgrading @pulumi/aws: `node -r ./tools/register.js tools/gen-taggable-types.ts`.
 */
import * as fs from "fs";
import * as path from "path";

const root = path.dirname(require.resolve("@pulumi/aws/package.json"));
const types: string[] = [];
function walk(dir: string): void {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== "node_modules" && entry.name !== "types") walk(full);
        } else if (entry.name.endsWith(".js")) {
            const js = fs.readFileSync(full, "utf8");
            const m = /static __pulumiType = '([^']+)'/.exec(js);
            if (!m) continue;
            const dts = full.replace(/\.js$/, ".d.ts");
            if (fs.existsSync(dts) && /^\s*readonly tags: pulumi\.Output</m.test(fs.readFileSync(dts, "utf8"))) types.push(m[1]);
        }
    }
}
walk(root);
const version = require("@pulumi/aws/package.json").version;
const out = path.join(__dirname, "..", "policy-pack", "lib", "taggableTypes.json");
fs.writeFileSync(out, JSON.stringify({ generatedFrom: `@pulumi/aws ${version}`, types: [...new Set(types)].sort() }, null, 1) + "\n");
console.log(`${types.length} taggable types from @pulumi/aws ${version} -> ${path.relative(process.cwd(), out)}`);
