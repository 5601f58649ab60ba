import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { z } from "zod";
import { modelEndpointFields } from "../../components/modelEndpoint/args";
import { CONFIG_KEYS, ConfigError, endpointConfigSchema, parseEndpointConfig, requiredKeys } from "../../programs/model-endpoint/config";
import { ROOT } from "../harness";
import { descriptionOf, readmeTable, unquote } from "../support/schemaDocs";
import { runPlan } from "../support/runPlan";

/** The endpoint program (programs/model-endpoint): its config and its offline plan, as the deploy build runs it. */

const PROGRAM_DIR = path.join(ROOT, "programs", "model-endpoint");
const PROGRAM = path.join(PROGRAM_DIR, "index.ts");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-model-endpoint-"));

async function plan(mode: "update" | "preview", ...config: string[]) {
    const file = path.join(tmp, `${mode}-${config.length}-${Math.random().toString(16).slice(2)}.json`);
    // As the deploy buildspec: the stage's pack config when there is one (policy-pack/config/prod.json).
    const stage = config.find((c) => c.startsWith("modelEndpoint:stage="))?.split("=")[1] ?? "staging";
    const packConfig = path.join(ROOT, "policy-pack", "config", `${stage}.json`);
    const policyConfig = fs.existsSync(packConfig) ? ["--policy-config", packConfig] : [];
    const r = await runPlan("--program", PROGRAM, "--stack", "sample", "--mode", mode, "--json", file, ...policyConfig, ...config.flatMap((c) => ["--config", c]));
    return { ...r, json: fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined };
}

/** The sample stack's config as the language host hands it over (namespace:key -> raw text). */
function sampleConfig(): Record<string, string> {
    const file = YAML.parse(fs.readFileSync(path.join(PROGRAM_DIR, "Pulumi.sample.yaml"), "utf8")).config as Record<string, unknown>;
    return Object.fromEntries(Object.entries(file).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

describe("endpoint program (programs/model-endpoint)", () => {
    for (const mode of ["update", "preview"] as const) {
        it(`plans the sample stack offline with 0 mandatory violations (${mode} mode)`, async () => {
            const r = await plan(mode);
            assert.equal(r.code, 0, r.err || r.out);
            assert.equal(r.json.project, "mlplatform-model-endpoint");
            assert.equal(r.json.summary.mandatory, 0, JSON.stringify(r.json.violations));
            const types = r.json.resources.map((x: any) => x.type);
            for (const t of ["aws:sagemaker/model:Model", "aws:sagemaker/endpointConfiguration:EndpointConfiguration", "aws:sagemaker/endpoint:Endpoint", "aws:appautoscaling/target:Target"]) {
                assert.ok(types.includes(t), t);
            }
            const endpoint = r.json.resources.find((x: any) => x.type === "aws:sagemaker/endpoint:Endpoint");
            assert.equal(endpoint.inputs.name, "sefaz-ml-churn-staging");
            assert.equal(endpoint.protect, false, "staging is not protected");
            assert.equal(endpoint.inputs.tagsAll.environment, "staging");
        });
    }

    it("in prod protects the endpoint by default, passes the prod pack config, and refuses protect: false", async () => {
        const prod = await plan("update", "modelEndpoint:stage=prod", "modelEndpoint:endpointName=sefaz-ml-churn-prod");
        assert.equal(prod.code, 0, prod.err);
        assert.equal(prod.json.summary.mandatory, 0, JSON.stringify(prod.json.violations));
        const endpoint = prod.json.resources.find((x: any) => x.type === "aws:sagemaker/endpoint:Endpoint");
        assert.equal(endpoint.protect, true);
        assert.equal(endpoint.inputs.tagsAll.environment, "prod");
        const unprotected = await plan("update", "modelEndpoint:stage=prod", "modelEndpoint:protect=false");
        assert.equal(unprotected.code, 2);
        assert.match(unprotected.err, /modelEndpoint:protect: found false; allowed: true in prod/);
    });

    it("reports every bad key at once, before any resource, as a configuration error (exit 2)", async () => {
        const r = await plan(
            "update",
            "modelEndpoint:subnetIds=subnet-0a1b2c3d4e5f60001,subnet-nope",
            'modelEndpoint:tags={"project":"sefaz-ml","environment":"prod"}',
            "modelEndpoint:instanceCount=3",
            "aws:profile=ml",
            "modelEndpoint:maxInstanceCount=1",
        );
        assert.equal(r.code, 2);
        assert.match(r.err, /^Configuration error: Invalid configuration for stack "sample" \(6 problems\)/);
        assert.match(r.err, /modelEndpoint:subnetIds\[1\]: found "subnet-nope"; allowed: a subnet ID/);
        assert.match(r.err, /modelEndpoint:tags: found .*; allowed: a map of tags with project, owner, cost-center \(missing: owner, cost-center\)/);
        assert.match(r.err, /modelEndpoint:tags\.environment: found "prod"; allowed: the stage \(staging\) or nothing/);
        assert.match(r.err, /modelEndpoint:instanceCount: found "3"; allowed: not a key of this program/);
        assert.match(r.err, /aws:profile: found "ml"; allowed: no other aws: key/);
        assert.match(r.err, /modelEndpoint:maxInstanceCount: found 1; allowed: at least initialInstanceCount \(2\)/);
    });

    describe("config", () => {
        it("reads lists comma-separated (CI variables) or as lists, and tag values `pulumi config set --path` typed", () => {
            const all = { ...sampleConfig(), "modelEndpoint:securityGroupIds": '["sg-0a1b2c3d4e5f60003","sg-0a1b2c3d4e5f60004"]', "modelEndpoint:tags": '{"project":"sefaz-ml","owner":"team","cost-center":1234}' };
            const cfg = parseEndpointConfig(all, "sample");
            assert.deepEqual(cfg.endpoint.subnetIds, ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]);
            assert.deepEqual(cfg.endpoint.securityGroupIds, ["sg-0a1b2c3d4e5f60003", "sg-0a1b2c3d4e5f60004"]);
            assert.deepEqual(cfg.endpoint.tags, { project: "sefaz-ml", owner: "team", "cost-center": "1234", environment: "staging" });
            assert.equal(cfg.endpoint.initialInstanceCount, 2);
            assert.equal(cfg.endpoint.protect, false);
        });

        it("treats an empty alarm topic (no ALARM_TOPIC_ARN) as none", () => {
            const cfg = parseEndpointConfig({ ...sampleConfig(), "modelEndpoint:alarmTopicArn": "" }, "sample");
            assert.equal(cfg.endpoint.alarmTopicArn, undefined);
        });

        it("names each missing required key", () => {
            const all = sampleConfig();
            delete all["modelEndpoint:modelPackageArn"];
            delete all["aws:region"];
            assert.throws(() => parseEndpointConfig(all, "sample"), (err: ConfigError) => {
                assert.equal(err.name, "ConfigError");
                assert.deepEqual(err.problems.map((p) => p.key).sort(), ["aws:region", "modelEndpoint:modelPackageArn"]);
                return true;
            });
        });

        it("declares in Pulumi.yaml exactly the keys without a default, and every schema key is listed", () => {
            const project = YAML.parse(fs.readFileSync(path.join(PROGRAM_DIR, "Pulumi.yaml"), "utf8"));
            assert.equal(project.name, "mlplatform-model-endpoint");
            const declared = Object.keys(project.config).filter((k) => !k.startsWith("pulumi:"));
            assert.deepEqual(declared.sort(), requiredKeys().sort());
            assert.deepEqual([...CONFIG_KEYS].sort(), Object.keys(endpointConfigSchema.shape).sort());
        });

        it("is documented in the README's table: every key, its text (the schema's description), whether required and its literal default", () => {
            const rows = readmeTable(path.join(ROOT, "README.md"), "The program's configuration (`modelEndpoint:` keys");
            const keyOf = (row: Record<string, string>) => unquote(row.key).replace(/^modelEndpoint:/, "");
            assert.deepEqual(rows.map(keyOf).sort(), [...CONFIG_KEYS].sort());
            const required = new Set(requiredKeys());
            for (const row of rows) {
                const key = keyOf(row);
                const schema = endpointConfigSchema.shape[key as keyof typeof endpointConfigSchema.shape] as unknown as z.ZodType;
                assert.equal(descriptionOf(schema), row["what it does"], key);
                assert.equal(row.required === "yes", required.has(`modelEndpoint:${key}`), `${key}: required`);
                const literal = /^`([^`]+)`$/.exec(row.default)?.[1];
                if (literal) assert.deepEqual(schema.parse(undefined), YAML.parse(literal), `${key}: default`);
            }
        });

        it("configures every field of the component but its context (looked up through the provider)", () => {
            const configured = new Set<string>([...CONFIG_KEYS].filter((k) => k !== "stage"));
            assert.deepEqual(Object.keys(modelEndpointFields.shape).filter((k) => !configured.has(k)), ["context"]);
        });
    });
});
