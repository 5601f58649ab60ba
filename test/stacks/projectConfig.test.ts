import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError, PlatformConfig, parsePlatformConfig } from "../../stacks/config";
import { readStackFiles } from "../../tools/offline/runProgram";
import { PROGRAM, ROOT } from "../harness";

/**
 * Pulumi.yaml declares the program's `mlplatform:` config keys (type, description, default) so the CLI
 * checks types before the program runs and `pulumi config` can describe them. The CLI's rules, from
 * pulumi/pulumi: a project key declared without `default` or `value` is required (pkg/workspace/config.go
 * mergeConfig); keys of another namespace (`aws:`) may carry only a `value`, no type or default, and an
 * array needs `items` (sdk/go/common/workspace/project.go Project.Validate); a stack value must match the
 * declared type (ValidateConfigValue). These tests keep the declarations, the CLI's rules and the program's
 * schema (stacks/config.ts) in step.
 */

/**
 * Keys the program accepts that Pulumi.yaml cannot declare: optional, with a default that depends on the
 * environment or no default at all. Declared without a default, the CLI would make them required.
 */
const UNDECLARABLE: Record<string, string> = {
    protect: "default true in prod, false elsewhere",
    logRetentionDays: "default 365 in prod, 90 in staging, 30 in dev",
    kmsDeletionWindowDays: "default 30 in prod, 7 elsewhere",
    secretRecoveryWindowDays: "default 30 in prod, 7 elsewhere",
    accessLogsBucket: "optional, no default (no access logging)",
    network: "optional without pipelines or Studio, defaults per environment inside",
    studio: "optional, no default (no Studio domain)",
};

interface Declaration {
    type?: string;
    items?: { type: string; items?: unknown };
    description?: string;
    secret?: boolean;
    default?: unknown;
    value?: unknown;
}

const ctx = { project: "mlplatform", stack: "test" };
const project = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
const declarations = project.config as Record<string, Declaration>;
const local = (key: string) => key.replace(/^mlplatform:/, "");
const declared = Object.keys(declarations).filter((k) => !k.includes(":") || k.startsWith("mlplatform:"));

/** Pulumi's ValidateConfigValue: whether a value (as the stack file holds it) has the declared type. */
function hasPulumiType(type: string, items: Declaration["items"], value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^[+-]?\d+$/.test(value));
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        case "object":
            return !!value && typeof value === "object" && !Array.isArray(value);
        case "array":
            return Array.isArray(value) && !!items && value.every((v) => hasPulumiType(items.type, items.items as Declaration["items"], v));
        default:
            return false;
    }
}

/** The `mlplatform:` keys the program accepts, as its unknown-key error lists them. */
function acceptedKeys(): string[] {
    try {
        parsePlatformConfig({ ...minimalConfig("dev"), "mlplatform:zzNotAKey": "x" }, ctx);
    } catch (err) {
        const unknown = (err as ConfigError).problems.find((p) => p.key === "mlplatform:zzNotAKey");
        const keys = unknown?.allowed.match(/mlplatform:[A-Za-z]+/g);
        if (keys) return keys.map(local);
    }
    throw new Error("The program's unknown-key error no longer lists the accepted keys; read them from the schema instead");
}

/** Only the keys the program requires, from Pulumi.dev.yaml, for an environment. */
function minimalConfig(environment: string): Record<string, string> {
    const dev = readStackFiles(PROGRAM, "dev").config;
    const keep = ["aws:region", "aws:allowedAccountIds", "mlplatform:prefix", "mlplatform:owner", "mlplatform:costCenter"];
    return { ...Object.fromEntries(keep.map((k) => [k, dev[k]])), "mlplatform:environment": environment };
}

function parse(config: Record<string, string>): PlatformConfig {
    return parsePlatformConfig(config, ctx);
}

/** A declared default as the CLI hands it to the program (scalars as text, the rest as JSON). */
function asConfigText(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

describe("Pulumi.yaml config declarations", () => {
    it("follow Pulumi's rules for project config", () => {
        for (const [key, d] of Object.entries(declarations)) {
            if (!declared.includes(key)) {
                // Another namespace: a fixed value only.
                assert.ok(d.value !== undefined && d.type === undefined && d.default === undefined, `${key}: another namespace's key may only carry a value`);
                continue;
            }
            assert.ok(["string", "integer", "boolean", "array", "object"].includes(d.type ?? ""), `${key}: a type Pulumi knows`);
            assert.ok(d.description && d.description.length > 10, `${key}: a description`);
            assert.ok(!(d.default !== undefined && d.value !== undefined), `${key}: default or value, not both`);
            if (d.type === "array") assert.ok(d.items?.type, `${key}: an array declares its items`);
            if (d.default !== undefined) assert.ok(hasPulumiType(d.type!, d.items, d.default), `${key}: the default has the declared type`);
        }
    });

    it("declare every mlplatform: key the program accepts, except the listed optional keys with environment defaults, and nothing else", () => {
        const accepted = acceptedKeys().sort();
        assert.ok(accepted.length >= 15, `read ${accepted.length} keys`);
        assert.deepEqual([...declared.map(local), ...Object.keys(UNDECLARABLE)].sort(), accepted);
        assert.deepEqual(declared.map(local).filter((k) => k in UNDECLARABLE), []);
    });

    it("leave without a default exactly the keys the program requires", () => {
        const requiredByCli = declared.filter((k) => declarations[k].default === undefined && declarations[k].value === undefined).map(local).sort();
        const minimal = minimalConfig("dev");
        parse(minimal); // the minimal config is valid
        const requiredByProgram = Object.keys(minimal)
            .filter((k) => k.startsWith("mlplatform:"))
            .filter((k) => {
                const { [k]: _, ...without } = minimal;
                try {
                    parse(without);
                    return false;
                } catch (err) {
                    return (err as ConfigError).problems.some((p) => p.key === k && p.found.startsWith("nothing"));
                }
            })
            .map(local)
            .sort();
        assert.deepEqual(requiredByCli, requiredByProgram);
    });

    it("give defaults the program would use anyway, in every environment", () => {
        const defaults = Object.fromEntries(declared.filter((k) => declarations[k].default !== undefined).map((k) => [`mlplatform:${local(k)}`, asConfigText(declarations[k].default)]));
        assert.ok(Object.keys(defaults).length > 0);
        for (const environment of ["dev", "staging", "prod"]) {
            assert.deepEqual(parse({ ...minimalConfig(environment), ...defaults }), parse(minimalConfig(environment)), environment);
        }
    });

    it("cannot give the undeclared keys one default: each is optional and its default differs by environment or is absent", () => {
        const byEnvironment = ["dev", "staging", "prod"].map((e) => parse(minimalConfig(e)) as unknown as Record<string, unknown>);
        for (const key of Object.keys(UNDECLARABLE)) {
            const values = byEnvironment.map((c) => JSON.stringify(c[key]));
            assert.ok(values.includes(undefined as unknown as string) || new Set(values).size > 1, `${key} has the default ${values[0]} everywhere: declare it in Pulumi.yaml`);
        }
    });

    it("leave the environment defaults of the undeclared numeric keys to the error text, which states them right", () => {
        const byEnvironment = Object.fromEntries(["dev", "staging", "prod"].map((e) => [e, parse(minimalConfig(e)) as unknown as Record<string, number>]));
        for (const key of ["logRetentionDays", "kmsDeletionWindowDays", "secretRecoveryWindowDays"]) {
            let allowed = "";
            try {
                parse({ ...minimalConfig("dev"), [`mlplatform:${key}`]: "2" });
            } catch (err) {
                allowed = (err as ConfigError).problems.find((p) => p.key === `mlplatform:${key}`)?.allowed ?? "";
            }
            const stated = /\(default ([^)]*)\)/.exec(allowed)?.[1] ?? "";
            for (const [environment, config] of Object.entries(byEnvironment)) {
                const value = config[key];
                const says = new RegExp(`\\b${value} in ${environment}\\b`).test(stated) || (environment !== "prod" && new RegExp(`\\b${value} elsewhere\\b`).test(stated) && !stated.includes(`in ${environment}`));
                assert.ok(says, `${key}: the error says "default ${stated}", but ${environment} gets ${value}`);
            }
        }
    });

    it("accept the values of every stack file (the CLI checks them against the declared types)", () => {
        const stackFiles = fs.readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
        assert.ok(stackFiles.length >= 2);
        for (const file of stackFiles) {
            const values = (YAML.parse(fs.readFileSync(path.join(ROOT, file), "utf8")).config ?? {}) as Record<string, unknown>;
            for (const key of declared) {
                const value = values[key] ?? values[`mlplatform:${local(key)}`];
                if (value === undefined || (typeof value === "object" && value !== null && "secure" in value)) continue;
                assert.ok(hasPulumiType(declarations[key].type!, declarations[key].items, value), `${file}: ${key} is not a ${declarations[key].type}`);
            }
        }
    });

    it("are honoured by the offline plan as by the CLI: defaults and values fill in, declarations are not values", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-config-"));
        try {
            fs.writeFileSync(
                path.join(dir, "Pulumi.yaml"),
                YAML.stringify({
                    name: "demo",
                    runtime: "nodejs",
                    config: {
                        "demo:required": { type: "string", description: "no default" },
                        "demo:days": { type: "integer", default: 90 },
                        "demo:list": { type: "array", items: { type: "string" }, default: ["a"] },
                        shorthand: 7,
                        "aws:region": { value: "us-east-1" },
                        "demo:overridden": { type: "boolean", default: false },
                    },
                }),
            );
            fs.writeFileSync(path.join(dir, "Pulumi.s.yaml"), YAML.stringify({ config: { "demo:required": "x", "demo:overridden": true } }));
            fs.writeFileSync(path.join(dir, "index.ts"), "");
            const { config } = readStackFiles(path.join(dir, "index.ts"), "s");
            assert.deepEqual(config, { "demo:required": "x", "demo:days": "90", "demo:list": '["a"]', "demo:shorthand": "7", "aws:region": "us-east-1", "demo:overridden": "true" });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("reach the program from the offline plan with secrets set by --path (as the README advises) masked, the key secret", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-config-"));
        try {
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML.stringify({ name: "demo", runtime: "nodejs" }));
            const pipelines = [{ name: "retrain", parameters: { epochs: 30, api_token: { secure: "v1:abc:def" } } }];
            fs.writeFileSync(path.join(dir, "Pulumi.s.yaml"), YAML.stringify({ config: { "demo:pipelines": pipelines, "demo:plain": { a: 1 } } }));
            fs.writeFileSync(path.join(dir, "index.ts"), "");
            const files = readStackFiles(path.join(dir, "index.ts"), "s");
            assert.deepEqual(JSON.parse(files.config["demo:pipelines"]), [{ name: "retrain", parameters: { epochs: 30, api_token: "[secret demo:pipelines.api_token]" } }]);
            assert.deepEqual(files.secretKeys, ["demo:pipelines"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
