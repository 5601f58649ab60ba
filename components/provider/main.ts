import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { packageRoot } from "../packageFiles";
import { ComponentProvider } from "./index";

/**
 * The plugin's entry: what the Node language host runs for `provider/PulumiPlugin.yaml` (its package.json
 * `main`). It starts the provider's gRPC server and prints its port for the engine; the library entry
 * (index.ts) never does this, so importing the package starts nothing.
 */
const { version } = JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string };
pulumi.provider.main(new ComponentProvider(version), process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
