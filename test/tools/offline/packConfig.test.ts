import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigurablePolicy, EnforcementLevel, PackConfigReconciler, PolicyConfigError } from "../../../tools/offline/packConfig";

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

/**
 * A pack's initial config (the third argument of `new PolicyPack`) comes between the policies' defaults and
 * the given config, applied the same way (pulumi/pulumi pkg/resource/analyzer/config.go
 * ReconcilePolicyPackConfig and applyConfig); its entries always carry a level, since the wire has no
 * "unset" one (pkg/resource/plugin/analyzer_plugin.go convertPolicyConfig).
 */
describe("pack config reconciled with the pack's initial config", () => {
    const levelsAndProps = (r: ReturnType<PackConfigReconciler["reconcile"]>) => Object.fromEntries([...r.policies].map(([name, c]) => [name, [c.enforcementLevel, c.properties]]));
    const initial = (entries: Array<[string, EnforcementLevel, Record<string, unknown>]>) => new Map(entries.map(([name, level, properties]) => [name, { level, properties }]));

    it("applies it on top of the defaults and under the given config", () => {
        const reconciler = new PackConfigReconciler(POLICIES, { initialConfig: initial([["retention", "mandatory", { days: 30, note: "kept a month" }]]) });
        assert.deepEqual(levelsAndProps(reconciler.reconcile({})), { regions: ["mandatory", { allowed: ["us-east-1"] }], retention: ["mandatory", { days: 30, note: "kept a month" }] });
        assert.deepEqual(levelsAndProps(reconciler.reconcile({ retention: { enforcementLevel: "advisory", days: 7 } })), {
            regions: ["mandatory", { allowed: ["us-east-1"] }],
            retention: ["advisory", { days: 7, note: "kept a month" }],
        });
    });

    it("sets its level with every entry, as the engine reads it, and `all` for every policy", () => {
        // An entry that set only properties arrives as advisory: the mandatory default is replaced.
        const reconciler = new PackConfigReconciler(POLICIES, { initialConfig: initial([["regions", "advisory", { allowed: ["eu-west-1"] }], ["all", "disabled", {}], ["retention", "advisory", { days: 1 }]]) });
        assert.deepEqual(levelsAndProps(reconciler.reconcile({})), { regions: ["advisory", { allowed: ["eu-west-1"] }], retention: ["advisory", { days: 1 }] });
        const allOnly = new PackConfigReconciler(POLICIES, { initialConfig: initial([["all", "disabled", {}]]) });
        assert.deepEqual(levelsAndProps(allOnly.reconcile({ retention: { days: 1 } })), { regions: ["disabled", { allowed: ["us-east-1"] }], retention: ["disabled", { days: 1 }] });
    });

    it("validates the result, so an initial config can supply what a schema requires, and warns only of the given config's unknown names", () => {
        const reconciler = new PackConfigReconciler(POLICIES, { initialConfig: initial([["retention", "advisory", { days: 3 }], ["gone", "mandatory", {}]]) });
        assert.deepEqual(reconciler.reconcile({}).warnings, []);
        assert.deepEqual(reconciler.reconcile({ typo: "advisory" }).warnings, ['policy config names "typo", which is not a policy of the pack: ignored, as the engine does']);
        assert.deepEqual(problems(reconciler, { retention: { days: 0 } }), ["retention: property days must be >= 1; allowed: integer, >= 1"]);
        assert.deepEqual(problems(new PackConfigReconciler(POLICIES), {}), ["retention: property days is required; allowed: integer, >= 1"]);
    });
});
