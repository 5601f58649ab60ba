import { strict as assert } from "assert";
import * as path from "path";
import YAML from "yaml";
import { z } from "zod";
import { pipelineSettingsSchema } from "../../components/retrainPipeline/args";
import { mlopsProjectSettingsSchema } from "../../components/mlopsProject/args";
import { studioSettingsSchema } from "../../components/studioDomain/args";
import { ENVIRONMENTS, ENVIRONMENT_DEFAULTS, configKeySchemas, platformConfigSchema } from "../../stacks/config";
import { TableRow, descriptionOf, readmeTable, unquote } from "../support/schemaDocs";

/**
 * No argument described in two places: the README's configuration tables and the schemas must agree on
 * which keys exist, what each does (the schema's description is the README's text) and the defaults.
 */
const README = path.join(__dirname, "..", "..", "README.md");

/** The README's default when it is one literal in backticks (`UTC`, `{batch_size: 64, epochs: 30}`), parsed as YAML. */
function literalDefault(cell: string): { value: unknown; text: string } | undefined {
    const m = /^`([^`]+)`/.exec(cell);
    return m ? { value: YAML.parse(m[1]), text: m[1] } : undefined;
}

function checkFieldTable(rows: TableRow[], shape: Record<string, z.ZodType>, defaults: Record<string, unknown>, fieldOf: (readmeField: string) => string) {
    const documented = rows.map((r) => fieldOf(unquote(r.field)));
    assert.deepEqual([...documented].sort(), Object.keys(shape).sort(), "the README documents exactly the schema's fields");
    for (const row of rows) {
        const field = fieldOf(unquote(row.field));
        const schema = field === "steps" ? (shape.steps.def as unknown as { innerType: z.ZodObject }).innerType.shape.training : shape[field];
        assert.equal(descriptionOf(schema), row["what it does"], `${row.field}: the schema's description is the README's "what it does"`);
        const literal = literalDefault(row.default);
        if (literal && field in defaults) {
            const actual = defaults[field];
            const expected = Array.isArray(actual) && !Array.isArray(literal.value) ? literal.text.split(/,\s*/) : literal.value;
            assert.deepEqual(actual, expected, `${row.field}: the README's default is the schema's`);
        }
    }
}

/**
 * A default cell that depends on the environment (`365 prod, 90 staging, 30 dev`, `30 prod, 7 otherwise`,
 * `` `true` in prod, `false` otherwise ``) as one value per environment; undefined where it names none.
 */
function environmentDefaultsIn(cell: string): Record<string, unknown> {
    const named = new Map([...cell.matchAll(/`?([\w.]+)`?(?: in)? (dev|staging|prod|otherwise)\b/g)].map((m) => [m[2], YAML.parse(m[1]) as unknown]));
    return Object.fromEntries(ENVIRONMENTS.map((e) => [e, named.has(e) ? named.get(e) : named.get("otherwise")]));
}

/** The README's defaults of the stack keys against the defaults table and the components' schemas. */
function checkKeyDefaults(rows: TableRow[]) {
    const cell = (key: string) => rows.find((r) => unquote(r.key) === `mlplatform:${key}`)?.default ?? "";
    for (const key of Object.keys(ENVIRONMENT_DEFAULTS.dev) as Array<keyof typeof ENVIRONMENT_DEFAULTS.dev>) {
        const table = Object.fromEntries(ENVIRONMENTS.map((e) => [e, ENVIRONMENT_DEFAULTS[e][key]]));
        assert.deepEqual(environmentDefaultsIn(cell(key)), table, `mlplatform:${key}: the README's defaults are ENVIRONMENT_DEFAULTS'`);
    }
    const withDefault = Object.entries(platformConfigSchema.shape)
        .map(([key, schema]) => [key, (schema as z.ZodType).safeParse(undefined)] as const)
        .filter(([, parsed]) => parsed.success && parsed.data !== undefined);
    assert.deepEqual(withDefault.map(([key]) => key).sort(), ["alertEmails", "forceDestroyBuckets", "mlops", "noncurrentVersionExpirationDays", "personaDefinitions", "pipelines"]);
    for (const [key, parsed] of withDefault) {
        assert.deepEqual(literalDefault(cell(key))?.value, parsed.data, `mlplatform:${key}: the README's default is the component schema's`);
    }
}

describe("README configuration tables against the schemas", () => {
    it("gives each key's default as the environment defaults table or the component's schema does", () => {
        checkKeyDefaults(readmeTable(README, "## Configuration reference"));
    });

    it("catches a README default that drifts from the defaults table or a schema (the check can fail)", () => {
        const rows = readmeTable(README, "## Configuration reference");
        const drifted = (key: string, text: string) => rows.map((r) => (r.key === `\`mlplatform:${key}\`` ? { ...r, default: text } : r));
        assert.throws(() => checkKeyDefaults(drifted("kmsDeletionWindowDays", "30 prod, 14 otherwise")), /kmsDeletionWindowDays/);
        assert.throws(() => checkKeyDefaults(drifted("noncurrentVersionExpirationDays", "`30`")), /noncurrentVersionExpirationDays/);
    });

    it("lists exactly the configuration keys the stack reads, and says for each what its schema says", () => {
        const rows = readmeTable(README, "## Configuration reference");
        const schemas = configKeySchemas();
        assert.deepEqual(rows.map((r) => unquote(r.key)).sort(), Object.keys(schemas).sort());
        const described = rows.filter((r) => descriptionOf(schemas[unquote(r.key)]) !== undefined);
        // The keys whose schema is a component's argument carry that argument's description.
        assert.deepEqual(described.map((r) => unquote(r.key)).sort(), [
            "mlplatform:forceDestroyBuckets",
            "mlplatform:kmsDeletionWindowDays",
            "mlplatform:noncurrentVersionExpirationDays",
            "mlplatform:secretRecoveryWindowDays",
        ]);
        for (const row of described) assert.equal(descriptionOf(schemas[unquote(row.key)]), row["what it does"], row.key);
    });

    it("documents each pipeline field as RetrainPipeline's schema describes it, with its default", () => {
        const rows = readmeTable(README, "Each entry of `mlplatform:pipelines`");
        checkFieldTable(rows, pipelineSettingsSchema.shape, pipelineSettingsSchema.parse({ name: "model" }), (f) => (f.startsWith("steps.") ? "steps" : f));
    });

    it("documents each MLOps project field as MlopsProject's schema describes it, with its default", () => {
        const rows = readmeTable(README, "Each entry of `mlplatform:mlops`");
        checkFieldTable(rows, mlopsProjectSettingsSchema.shape, mlopsProjectSettingsSchema.parse({ name: "model", approverEmails: ["r@example.org"] }), (f) => f);
    });

    it("documents each Studio field as StudioDomain's schema describes it, with its default", () => {
        const rows = readmeTable(README, "`mlplatform:studio`");
        checkFieldTable(rows, studioSettingsSchema.shape, studioSettingsSchema.parse({}), (f) => f);
    });

    it("catches a README that drifts from a schema (the check can fail)", () => {
        const rows = readmeTable(README, "Each entry of `mlplatform:pipelines`").map((r) => (r.field === "`keepImages`" ? { ...r, default: "`5`" } : r));
        assert.throws(() => checkFieldTable(rows, pipelineSettingsSchema.shape, pipelineSettingsSchema.parse({ name: "model" }), (f) => (f.startsWith("steps.") ? "steps" : f)), /keepImages/);
    });
});
