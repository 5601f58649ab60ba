import * as path from "path";

/** The ts-node and TypeScript modules, as paths, the Pulumi CLI loads a TypeScript program or pack with. */
export interface CliTypeScript {
    tsnodeRequire: string;
    typescriptRequire: string;
}

/**
 * Which ts-node and TypeScript the Pulumi CLI compiles a TypeScript program or policy pack in `dir` with:
 * the choice of the @pulumi/pulumi that `dir` resolves (its tsutils.typeScriptRequireStrings, which the
 * CLI's entries cmd/run and cmd/run-policy-pack call): a ts-node and a TypeScript the project has
 * installed, else the ones the SDK vendors. Resolved as the SDK resolves them, from its own folder.
 */
export function cliTypeScript(dir: string): CliTypeScript {
    const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }));
    const chosen: CliTypeScript = require(path.join(sdk, "tsutils")).typeScriptRequireStrings();
    return { tsnodeRequire: require.resolve(chosen.tsnodeRequire, { paths: [sdk] }), typescriptRequire: require.resolve(chosen.typescriptRequire, { paths: [sdk] }) };
}
