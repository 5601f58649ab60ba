import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { parseEndpointConfig, requiredKeys } from "../../programs/model-endpoint/config";
import { ROOT } from "../harness";

/**
 * The endpoint's buildspecs: they parse, their shell passes `bash -n`, the deploy buildspec sets every key
 * the endpoint program requires from the variables of the contract with MlopsProject, and running its
 * config commands against a recording `pulumi` gives a configuration the program accepts.
 */

const DEPLOY = path.join(ROOT, "components", "buildspecs", "model-deploy.yml");
const TEST = path.join(ROOT, "components", "buildspecs", "model-endpoint-test.yml");

/** The deploy CodeBuild's variables (issue 12's contract), plus those CodeBuild sets and the buildspec's own. */
const DEPLOY_VARIABLES = [
    "MODEL_PACKAGE_ARN", "DEPLOY_STAGE", "ENDPOINT_NAME", "INSTANCE_TYPE", "INSTANCE_COUNT", "MAX_INSTANCE_COUNT", "SUBNET_IDS", "SECURITY_GROUP_IDS", "KMS_KEY_ARN",
    "MODEL_EXECUTION_ROLE_ARN", "DATA_CAPTURE_S3_URI", "ALARM_TOPIC_ARN", "PULUMI_BACKEND_URL", "PULUMI_SECRETS_PROVIDER", "PULUMI_STACK", "ENDPOINT_PROGRAM_DIR",
    "ENDPOINT_TAGS", "POLICY_PACK_DIR", "AWS_REGION", "CODEBUILD_SRC_DIR", "PULUMI_VERSION", "PULUMI_SHA256",
];

interface Buildspec {
    version: number;
    env?: { shell?: string; variables?: Record<string, string> };
    phases: Record<string, { commands: string[] }>;
}

const read = (file: string): Buildspec => YAML.parse(fs.readFileSync(file, "utf8"));
const commands = (spec: Buildspec, phase?: string) => Object.entries(spec.phases).filter(([p]) => !phase || p === phase).flatMap(([, p]) => p.commands);
/** Upper-case variables a script reads (`$NAME`, `${NAME}`, `${NAME:-...}`, and the names listed for `${!name}` checks). */
const variablesRead = (script: string) => new Set([...script.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));

/** A directory with recording stand-ins for `pulumi`, `npm` and `aws`, answering from environment variables. */
function stubBin(): { dir: string; log: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "buildspec-stubs-"));
    const log = path.join(dir, "calls.log");
    fs.mkdirSync(path.join(dir, "bin"));
    const record = `(IFS=$'\\x1f'; echo "$(basename "$0")\x1f$*") >> "${log}"`;
    // pulumi: \`config get\` finds nothing, \`stack output\` prints STUB_STACK_OUTPUT.
    fs.writeFileSync(path.join(dir, "bin", "pulumi"), `#!/bin/bash\n${record}\nif [ "$1 $2" = "config get" ]; then exit 1; fi\nif [ "$1 $2" = "stack output" ]; then echo "$STUB_STACK_OUTPUT"; fi\ntrue\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, "bin", "npm"), `#!/bin/bash\n${record}\n`, { mode: 0o755 });
    // aws: describe-endpoint answers STUB_ENDPOINT_CONFIG / STUB_ENDPOINT_STATUS; invoke-endpoint exits STUB_INVOKE_EXIT.
    fs.writeFileSync(
        path.join(dir, "bin", "aws"),
        `#!/bin/bash\n${record}\ncase "$*" in\n  *EndpointConfigName*) echo "$STUB_ENDPOINT_CONFIG" ;;\n  *EndpointStatus*) echo "$STUB_ENDPOINT_STATUS" ;;\n  *invoke-endpoint*) echo '{"prediction": 0.93}' > "\${!#}"; exit "\${STUB_INVOKE_EXIT:-0}" ;;\nesac\n`,
        { mode: 0o755 },
    );
    return { dir, log };
}

/** Runs one phase of a buildspec with the stand-ins first on PATH; returns the exit status and the calls made. */
function runPhase(file: string, phase: string, env: Record<string, string>, stubs: { dir: string; log: string }) {
    fs.rmSync(stubs.log, { force: true });
    const r = spawnSync("bash", ["-c", commands(read(file), phase).join("\n")], {
        encoding: "utf8",
        env: { PATH: `${path.join(stubs.dir, "bin")}:${process.env.PATH}`, HOME: stubs.dir, ...env },
    });
    const calls = fs.existsSync(stubs.log) ? fs.readFileSync(stubs.log, "utf8").trim().split("\n").map((l) => l.split("\x1f")) : [];
    return { ...r, calls };
}

describe("endpoint buildspecs", () => {
    for (const file of [DEPLOY, TEST]) {
        describe(path.basename(file), () => {
            const spec = read(file);
            it("is a version 0.2 buildspec run by bash", () => {
                assert.equal(spec.version, 0.2);
                assert.equal(spec.env?.shell, "bash");
            });
            it("every command passes `bash -n` and stops at its first error, in a subshell (0.2 keeps shell state between commands)", () => {
                for (const command of commands(spec)) {
                    const check = spawnSync("bash", ["-n"], { input: command, encoding: "utf8" });
                    assert.equal(check.status, 0, `${command}\n${check.stderr}`);
                    assert.match(command, /^\(\n {2}set -euo pipefail\n[\s\S]*\n\)\n?$/);
                }
            });
        });
    }

    describe("model-deploy.yml", () => {
        const spec = read(DEPLOY);
        const script = commands(spec).join("\n");

        it("sets every config key the endpoint program requires", () => {
            const set = new Set([...script.matchAll(/pulumi config set (?:--path )?"?([a-zA-Z]+:[a-zA-Z0-9]+)/g)].map((m) => m[1]));
            for (const key of [...requiredKeys(), "aws:region"]) assert.ok(set.has(key), `the deploy buildspec does not set ${key}`);
        });

        it("reads only the variables of the contract (and CodeBuild's own)", () => {
            assert.deepEqual([...variablesRead(script)].filter((v) => !DEPLOY_VARIABLES.includes(v)), []);
        });

        it("installs the Pulumi CLI at the version the repository is tested with, checksum verified", () => {
            const version = spec.env!.variables!.PULUMI_VERSION;
            assert.match(version, /^\d+\.\d+\.\d+$/);
            assert.equal(version, require("@pulumi/pulumi/package.json").version, "bump PULUMI_VERSION with @pulumi/pulumi");
            assert.match(commands(spec, "install").join("\n"), /sha256sum -c -/);
        });

        it("deploys with the policy pack, after a preview, without prompting", () => {
            const up = commands(spec, "build").join("\n").split("\n").find((l) => l.trim().startsWith("pulumi up"))!;
            for (const flag of ["--yes", "--skip-preview=false", "--policy-pack "]) assert.ok(up.includes(flag), flag);
        });

        describe("its configuration step, run against stand-ins", () => {
            const stubs = stubBin();
            fs.mkdirSync(path.join(stubs.dir, "program"));
            const variables: Record<string, string> = {
                MODEL_PACKAGE_ARN: "arn:aws:sagemaker:us-east-1:111122223333:model-package/sefaz-ml-churn/7",
                DEPLOY_STAGE: "prod",
                ENDPOINT_NAME: "sefaz-ml-churn-prod",
                INSTANCE_TYPE: "ml.m5.xlarge",
                INSTANCE_COUNT: "2",
                MAX_INSTANCE_COUNT: "6",
                SUBNET_IDS: "subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002,subnet-0a1b2c3d4e5f60003",
                SECURITY_GROUP_IDS: "sg-0a1b2c3d4e5f60003",
                KMS_KEY_ARN: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                MODEL_EXECUTION_ROLE_ARN: "arn:aws:iam::111122223333:role/sefaz-ml-churn-model-execution-role-prod",
                DATA_CAPTURE_S3_URI: "s3://sefaz-ml-artifacts-prod/data-capture/churn",
                ALARM_TOPIC_ARN: "",
                ENDPOINT_TAGS: "project=sefaz-ml,owner=ml platform team,cost-center=1234",
                PULUMI_BACKEND_URL: "s3://state-bucket/mlops",
                PULUMI_SECRETS_PROVIDER: "awskms://alias/sefaz-ml-pulumi-prod?region=us-east-1",
                PULUMI_STACK: "churn-prod",
                CODEBUILD_SRC_DIR: stubs.dir,
                ENDPOINT_PROGRAM_DIR: "program",
                AWS_REGION: "us-east-1",
            };
            /** The pulumi calls of the configuration step, without the tool's name. */
            const runConfigStep = (env: Record<string, string>) => {
                const r = runPhase(DEPLOY, "pre_build", env, stubs);
                return { ...r, calls: r.calls.filter((c) => c[0] === "pulumi").map((c) => c.slice(1)) };
            };

            /** The stack config those calls leave, as `pulumi config set` stores it (with --path: true/false and integers typed). */
            function configOf(calls: string[][]): Record<string, string> {
                const values: Record<string, unknown> = {};
                for (const call of calls.filter((c) => c[0] === "config" && c[1] === "set")) {
                    if (call[2] === "--path") {
                        const [, key, sub] = /^([^[]+)\["(.+)"\]$/.exec(call[3])!;
                        const v = call[4];
                        ((values[key] ??= {}) as Record<string, unknown>)[sub] = v === "true" || v === "false" ? v === "true" : /^-?\d+$/.test(v) ? Number(v) : v;
                    } else values[call[2]] = call[3];
                }
                return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
            }

            it("logs in to the backend, selects or creates the stack with the KMS secrets provider, and leaves a config the program accepts", () => {
                const r = runConfigStep(variables);
                assert.equal(r.status, 0, r.stderr);
                assert.deepEqual(r.calls[0], ["login"]);
                assert.deepEqual(r.calls[1], ["stack", "select", "--create", "churn-prod", "--secrets-provider", "awskms://alias/sefaz-ml-pulumi-prod?region=us-east-1"]);
                const cfg = parseEndpointConfig(configOf(r.calls), "churn-prod");
                assert.equal(cfg.stage, "prod");
                assert.equal(cfg.endpoint.modelPackageArn, variables.MODEL_PACKAGE_ARN);
                assert.equal(cfg.endpoint.subnetIds.length, 3);
                assert.deepEqual([cfg.endpoint.initialInstanceCount, cfg.endpoint.maxInstanceCount], [2, 6]);
                assert.equal(cfg.endpoint.alarmTopicArn, undefined);
                assert.deepEqual(cfg.endpoint.tags, { project: "sefaz-ml", owner: "ml platform team", "cost-center": "1234", environment: "prod" });
                assert.equal(cfg.endpoint.protect, true);
            });

            it("fails before touching the stack when a variable is missing, naming it", () => {
                const r = runConfigStep({ ...variables, KMS_KEY_ARN: "" });
                assert.notEqual(r.status, 0);
                assert.match(r.stderr, /The deploy build needs KMS_KEY_ARN/);
                assert.deepEqual(r.calls, [], "no pulumi call");
            });
        });
    });

    describe("model-deploy.yml's deployment step, run against stand-ins", () => {
        const stubs = stubBin();
        fs.mkdirSync(path.join(stubs.dir, "programs", "model-endpoint"), { recursive: true });
        const env = { CODEBUILD_SRC_DIR: stubs.dir, DEPLOY_STAGE: "prod", ENDPOINT_NAME: "churn-prod", MODEL_PACKAGE_ARN: "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/7", STUB_STACK_OUTPUT: "churn-prod-0badc0de", STUB_ENDPOINT_STATUS: "InService" };

        it("runs `pulumi up` with the pack and the stage's pack config, and succeeds when the endpoint serves the new configuration", () => {
            fs.mkdirSync(path.join(stubs.dir, "policy-pack", "config"), { recursive: true });
            fs.writeFileSync(path.join(stubs.dir, "policy-pack", "config", "prod.json"), "{}");
            const r = runPhase(DEPLOY, "build", { ...env, STUB_ENDPOINT_CONFIG: "churn-prod-0badc0de" }, stubs);
            assert.equal(r.status, 0, r.stderr);
            const up = r.calls.find((c) => c[0] === "pulumi" && c[1] === "up")!;
            assert.deepEqual(up.slice(1), ["up", "--yes", "--skip-preview=false", "--policy-pack", path.join(stubs.dir, "policy-pack"), "--policy-pack-config", path.join(stubs.dir, "policy-pack", "config", "prod.json")]);
        });

        it("fails when an alarm rolled the endpoint back to the previous configuration", () => {
            const r = runPhase(DEPLOY, "build", { ...env, STUB_ENDPOINT_CONFIG: "churn-prod-5ca1ab1e" }, stubs);
            assert.notEqual(r.status, 0);
            assert.match(r.stderr, /Endpoint churn-prod is InService on churn-prod-5ca1ab1e, not on churn-prod-0badc0de: the deployment was rolled back/);
        });
    });

    describe("model-endpoint-test.yml, run against stand-ins", () => {
        const stubs = stubBin();
        fs.writeFileSync(path.join(stubs.dir, "payload.csv"), "1,2,3\n");
        const env = { CODEBUILD_SRC_DIR: stubs.dir, ENDPOINT_NAME: "churn-staging", TEST_PAYLOAD_FILE: "payload.csv", STUB_ENDPOINT_STATUS: "InService" };

        it("passes when the endpoint answers the payload", () => {
            const r = runPhase(TEST, "build", env, stubs);
            assert.equal(r.status, 0, r.stderr);
            const invoke = r.calls.find((c) => c[0] === "aws" && c[1] === "sagemaker-runtime")!;
            assert.ok(invoke.includes("fileb://payload.csv"));
            assert.match(r.stdout, /prediction/);
        });

        it("fails when the model answers with an error, when the endpoint is not InService, or without a payload", () => {
            assert.notEqual(runPhase(TEST, "build", { ...env, STUB_INVOKE_EXIT: "255" }, stubs).status, 0);
            const updating = runPhase(TEST, "build", { ...env, STUB_ENDPOINT_STATUS: "Updating" }, stubs);
            assert.notEqual(updating.status, 0);
            assert.match(updating.stderr, /is Updating, not InService/);
            const missing = runPhase(TEST, "build", { ...env, TEST_PAYLOAD_FILE: "none.csv" }, stubs);
            assert.notEqual(missing.status, 0);
            assert.deepEqual(missing.calls, [], "nothing is called without a payload");
        });
    });

    describe("model-endpoint-test.yml", () => {
        const script = commands(read(TEST)).join("\n");
        it("invokes the endpoint with the payload and reads only ENDPOINT_NAME, TEST_PAYLOAD_FILE (an optional content type, and CodeBuild's checkout directory)", () => {
            assert.match(script, /aws sagemaker-runtime invoke-endpoint[\s\S]*--endpoint-name "\$\{ENDPOINT_NAME\}"[\s\S]*--body "fileb:\/\/\$\{TEST_PAYLOAD_FILE\}"/);
            assert.deepEqual([...variablesRead(script)].sort(), ["CODEBUILD_SRC_DIR", "ENDPOINT_NAME", "TEST_CONTENT_TYPE", "TEST_PAYLOAD_FILE"]);
        });
    });
});
