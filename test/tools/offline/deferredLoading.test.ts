import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../../harness";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "deferred-loading-"));
/** Preloaded into the plan's process: on exit, writes which of the deferred modules were loaded. */
const REPORTER = path.join(tmp, "reporter.js");
fs.writeFileSync(
    REPORTER,
    `process.on("exit", () => require("fs").writeFileSync(process.env.LOADED_REPORT, JSON.stringify(Object.keys(require.cache).filter((f) => /node_modules[\\\\/](typescript|@npmcli[\\\\/]arborist|normalize-package-data|@pulumi[\\\\/]pulumi[\\\\/]automation)[\\\\/]/.test(f)).length)));`,
);

/**
 * The plan as users run it (`npm run plan`: its own process), writing its JSON; `eager` first loads
 * @pulumi/pulumi in full, so nothing is deferred, as before the deferral.
 */
function plan(name: string, args: string[], eager: boolean): Promise<{ code: number | null; json: string; deferredLoaded: number }> {
    const json = path.join(tmp, `${name}.json`);
    const report = path.join(tmp, `${name}.loaded`);
    const preload = eager ? ["-r", "@pulumi/pulumi"] : [];
    const child = spawn(process.execPath, ["-r", path.join(ROOT, "tools", "register.js"), ...preload, "-r", REPORTER, path.join(ROOT, "tools", "plan.ts"), ...args, "--json", json], {
        cwd: ROOT,
        env: { ...process.env, LOADED_REPORT: report },
        stdio: "ignore",
    });
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("exit", (code) => resolve({ code, json: fs.readFileSync(json, "utf8"), deferredLoaded: JSON.parse(fs.readFileSync(report, "utf8")) }));
    });
}

/**
 * tools/offline/deferredLoading.ts: the plan defers `typescript`, `@npmcli/arborist` and
 * `normalize-package-data`, which @pulumi/pulumi loads for closure serialisation, and its Automation API. The
 * plan must be the same byte for byte with and without the deferral, whether the program serialises a function or not.
 */
/** Fails showing where two plans' JSON first differ (a difference in a 100 KB text is otherwise hard to find). */
function assertSameBytes(actual: string, expected: string, what: string): void {
    if (actual === expected) return;
    let i = 0;
    while (i < actual.length && actual[i] === expected[i]) i++;
    const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 120), i + 120));
    assert.fail(`${what}: first difference at character ${i} of ${actual.length} / ${expected.length}\n  deferred: ${around(actual)}\n  eager:    ${around(expected)}`);
}

/**
 * The plan's JSON with the lists that follow registration order, its resources and their cost entries, in
 * URN order instead.
 */
function inRegistrationIndependentOrder(json: string): string {
    const plan = JSON.parse(json);
    const byUrn = (a: { urn: string }, b: { urn: string }) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0);
    plan.resources.sort(byUrn);
    plan.cost.resources.sort(byUrn);
    return JSON.stringify(plan, null, 2);
}

describe("modules deferred by the offline plan", () => {
    type Run = Awaited<ReturnType<typeof plan>>;
    let prod: { deferred: Run; eager: Run };
    let lambda: { deferred: Run; eager: Run };
    const lambdaArgs = ["--stack", "test", "--program", path.join(ROOT, "test", "fixtures", "lambda-callbacks", "index.ts")];

    before(async function () {
        this.timeout(180_000);
        // The four plans at once: each is mostly one busy thread.
        const [a, b, c, d] = await Promise.all([plan("prod-deferred", ["--stack", "prod"], false), plan("prod-eager", ["--stack", "prod"], true), plan("lambda-deferred", lambdaArgs, false), plan("lambda-eager", lambdaArgs, true)]);
        prod = { deferred: a, eager: b };
        lambda = { deferred: c, eager: d };
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("gives the prod stack's plan byte for byte, without ever loading them", () => {
        assert.equal(prod.deferred.code, prod.eager.code);
        assert.ok(prod.eager.deferredLoaded > 0, "the reference run loaded them");
        assert.equal(prod.deferred.deferredLoaded, 0, "a plan that serialises no function loads none of them");
        assertSameBytes(prod.deferred.json, prod.eager.json, "plan JSON byte-identical");
    });

    it("loads them when the program serialises a function into a Lambda, with the same plan", () => {
        assert.equal(lambda.deferred.code, lambda.eager.code);
        assert.ok(lambda.deferred.deferredLoaded > 0, "loaded on first use");
        assert.match(lambda.deferred.json, /\$\{greeting\}, \$\{name\}!/, "the callback's code is in the plan");
        // Identical but for the order of the resources: each callback's Lambda is registered when its closure
        // serialisation (asynchronous) finishes, so the two functions' order can follow timing, under the real
        // CLI as here. A byte comparison failed once in a full suite run on Node 22 and did not recur in seven; with
        // the resources sorted, a loaded machine still failed it once on the cost entries, also in registration order.
        assertSameBytes(inRegistrationIndependentOrder(lambda.deferred.json), inRegistrationIndependentOrder(lambda.eager.json), "plan JSON identical");
    });

    it("hands over the real modules on first use", () => {
        const script = `
            const pulumi = require("@pulumi/pulumi");
            const loadedBefore = Object.keys(require.cache).some((f) => /node_modules[\\\\/](typescript|@pulumi[\\\\/]pulumi[\\\\/]automation)[\\\\/]/.test(f));
            console.log(JSON.stringify({
                loadedBefore,
                automation: pulumi.automation.LocalWorkspace === require("@pulumi/pulumi/automation").LocalWorkspace,
                automationKeys: Object.keys(pulumi.automation).includes("LocalWorkspace"),
                typescript: require("@pulumi/pulumi/typescript-shim").createSourceFile === require("typescript").createSourceFile,
            }));`;
        const child = spawnSync(process.execPath, ["-r", path.join(ROOT, "tools", "register.js"), "-r", path.join(ROOT, "tools", "offline", "deferredLoading.ts"), "-e", script], { cwd: ROOT, encoding: "utf8" });
        assert.equal(child.status, 0, child.stderr);
        assert.deepEqual(JSON.parse(child.stdout), { loadedBefore: false, automation: true, automationKeys: true, typescript: true });
    });
});
