import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigurablePolicy, PackConfigReconciler, PolicyConfigError } from "../../../tools/offline/packConfig";

const POLICIES: ConfigurablePolicy[] = [
    { name: "regions", enforcementLevel: "mandatory", configSchema: { properties: { allowed: { type: "array", items: { type: "string" }, default: ["us-east-1"] } }, required: [] } },
    { name: "retention", enforcementLevel: "advisory", configSchema: { properties: { days: { type: "integer", minimum: 1 }, note: { type: "string", minLength: 3, pattern: "^[a-z ]+$" } }, required: ["days"] } },
];

function problems(reconciler: PackConfigReconciler, config: Record<string, unknown>): string[] {
    try {
        reconciler.reconcile(config);
        return [];
    } catch (err) {
        assert.ok(err instanceof PolicyConfigError, String(err));
        return err.problems;
    }
}

/**
 * The reconciler keeps ajv's compiled validators on disk (ajv standalone code), so a plan need not load ajv
 * and compile every schema: a validator read back from the cache must judge exactly as a freshly compiled one.
 */
describe("pack config validators cached on disk", () => {
    const configs: Array<Record<string, unknown>> = [
        {},
        { retention: { days: 7 } },
        { regions: { allowed: "us-east-1" }, retention: { days: 0, note: "x" } },
        { retention: { days: 2, note: "NOT lower case" } },
    ];

    it("judges every config alike whether the validators were compiled or read from the cache", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ajv-cache-"));
        try {
            const compiled = configs.map((c) => problems(new PackConfigReconciler(POLICIES, { cacheDir: dir }), c));
            assert.equal(fs.readdirSync(dir).filter((f) => f.endsWith(".js")).length, 2, "one cached validator per schema");
            const cached = configs.map((c) => problems(new PackConfigReconciler(POLICIES, { cacheDir: dir }), c));
            assert.deepEqual(cached, compiled);
            assert.deepEqual(compiled, [
                ["retention: property days is required; allowed: integer, >= 1"],
                [],
                ["regions: property allowed must be array; allowed: array of string", "retention: property days must be >= 1; allowed: integer, >= 1", "retention: property note must NOT have fewer than 3 characters; allowed: string, matching ^[a-z ]+$"],
                ['retention: property note must match pattern "^[a-z ]+$"; allowed: string, matching ^[a-z ]+$'],
            ]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("compiles afresh when a cached validator is unreadable", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ajv-cache-"));
        try {
            problems(new PackConfigReconciler(POLICIES, { cacheDir: dir }), {});
            for (const f of fs.readdirSync(dir)) fs.writeFileSync(path.join(dir, f), "this is not JavaScript (");
            assert.deepEqual(problems(new PackConfigReconciler(POLICIES, { cacheDir: dir }), { retention: { days: 0 } }), ["retention: property days must be >= 1; allowed: integer, >= 1"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
