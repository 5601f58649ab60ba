import { strict as assert } from "assert";
import * as path from "path";
import { POLICY_PACK, ROOT } from "../../harness";
import { cliTypeScript } from "../../../tools/offline/pulumiCli";

/**
 * `pulumi up`, `pulumi preview` and `--policy-pack policy-pack`, run from this repository, compile the
 * program and the pack with the ts-node @pulumi/pulumi picks (cmd/run, cmd/run-policy-pack), and both
 * type-check: run-policy-pack always (typeCheck: true), cmd/run unless told to transpile only. A ts-node
 * installed in the project wins over the SDK's own. ts-node 10 keeps nothing between runs and type-checked
 * the program (about 6 s) and the pack (about 4 s to start) again on every run; the SDK's ts-node keeps what it
 * compiled on disk, keyed by each file's own text, so a run after the first takes under a second
 * (`npm run bench -- --sections cli`), and only changed files are checked again (what an unchanged file's
 * types get from a change elsewhere is `npm run typecheck`'s to catch). This pins that nothing installs a
 * ts-node without that cache here.
 */
describe("the TypeScript the Pulumi CLI compiles this repository's programs and pack with", () => {
    const places: Array<[string, string]> = [
        ["the platform program", ROOT],
        ["the model-endpoint program", path.join(ROOT, "programs", "model-endpoint")],
        ["the policy pack", POLICY_PACK],
    ];
    for (const [what, dir] of places) {
        it(`${what}: a ts-node that keeps what it type-checked between runs, with the project's TypeScript`, () => {
            const chosen = cliTypeScript(dir);
            const tsnode = require(chosen.tsnodeRequire);
            assert.equal(
                tsnode.DEFAULTS?.cache,
                true,
                `the Pulumi CLI would compile ${what} with ${chosen.tsnodeRequire}, which keeps no cache: every run type-checks it again. ` +
                    "Fix: do not install ts-node in this repository (the SDK's own, cached, is then used); `npm ls ts-node` shows what pulls it in.",
            );
            assert.equal(chosen.typescriptRequire, require.resolve("typescript", { paths: [ROOT] }), "the project's TypeScript, not the SDK's vendored 3.8");
        });
    }
});
