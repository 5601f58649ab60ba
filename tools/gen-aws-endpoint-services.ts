/**
 * Regenerates stacks/awsEndpointServices.json: the service names `aws:endpoints` accepts, as the installed
 * @pulumi/aws provider names them (its `ProviderEndpoint` type). The stack config rejects any other name, so
 * a typo in an endpoint override is an error instead of a silently ignored setting. Run after upgrading
 * @pulumi/aws: `node -r ./tools/register.js tools/gen-aws-endpoint-services.ts` (a test fails until then).
 */
import * as fs from "fs";
import * as path from "path";

/** The field names of `ProviderEndpoint` in the provider's type declarations. */
export function endpointServicesOfInstalledProvider(): string[] {
    const root = path.dirname(require.resolve("@pulumi/aws/package.json"));
    const types = fs.readFileSync(path.join(root, "types", "input.d.ts"), "utf8");
    const body = /export interface ProviderEndpoint \{([\s\S]*?)\n\}/.exec(types)?.[1];
    if (!body) throw new Error("ProviderEndpoint not found in @pulumi/aws types/input.d.ts");
    return [...body.matchAll(/^ {4}(\w+)\?:/gm)].map((m) => m[1]).sort();
}

if (require.main === module) {
    const version = require("@pulumi/aws/package.json").version;
    const services = endpointServicesOfInstalledProvider();
    const out = path.join(__dirname, "..", "stacks", "awsEndpointServices.json");
    fs.writeFileSync(out, JSON.stringify({ generatedFrom: `@pulumi/aws ${version}`, services }, null, 1) + "\n");
    console.log(`${services.length} endpoint services from @pulumi/aws ${version} -> ${path.relative(process.cwd(), out)}`);
}
