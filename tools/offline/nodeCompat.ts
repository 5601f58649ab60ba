/**
 * The Pulumi SDK's Lambda packaging (runtime/closure/codePaths.js findWorkspaceRoot) iterates
 * `fs.promises.glob`, which Node has only from 22; on Node 20, which the project supports, a callback
 * Lambda in a workspace would fail to serialise. When Node lacks it, it is provided by `glob`, the
 * maintained implementation npm itself uses, with the same async-iterable shape (loaded on first use: a plan
 * whose program packages no callback never needs it).
 */
export function provideFsPromisesGlob(): void {
    // The module object itself (an `import * as` namespace would be a copy).
    const target = require("fs/promises") as { glob?: unknown };
    if (typeof target.glob === "function") return;
    target.glob = async function* nodeGlob(pattern: string | string[]): AsyncGenerator<string> {
        const { glob } = require("glob") as typeof import("glob");
        for (const file of await glob(pattern)) yield file;
    };
}
