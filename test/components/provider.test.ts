import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
// "provider/index", not "provider": that directory is the plugin directory, whose package.json main starts the server.
import { ComponentProvider, componentOf } from "../../components/provider/index";
import type { PackageSchema } from "../../components/provider/schema";
import { ROOT, inlineRun, inputs, one } from "../harness";

/**
 * The component provider as the engine drives it: getSchema, then construct per declared component (as
 * a Python or YAML program's `pulumi up` would), under Pulumi's mocks; and the plugin directory the Node
 * language host runs.
 */

const COMPONENTS_DIR = path.join(ROOT, "components");
const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const provider = new ComponentProvider("0.1.0");
const resolved = <T>(value: unknown) => new Promise<T>((resolve) => (value as { apply(f: (v: T) => void): void }).apply(resolve));

describe("component provider", () => {
    it("reports the generated schema with the package's version", async () => {
        const schema = JSON.parse(await provider.getSchema()) as PackageSchema;
        assert.equal(schema.name, "mlplatform");
        assert.equal(schema.version, "0.1.0");
        assert.ok(schema.resources["mlplatform:components:MlDataBucket"].isComponent);
    });

    it("constructs MlDataBucket from engine inputs: its children under it, its outputs returned", async () => {
        let result: Awaited<ReturnType<ComponentProvider["construct"]>> | undefined;
        const run = await inlineRun(async () => {
            result = await provider.construct("data", "mlplatform:components:MlDataBucket", { bucketName: "ml-data-dev", kmsKeyArn: KEY, forceDestroy: true }, {});
        });
        const component = one(run, "mlplatform:components:MlDataBucket", "data");
        const bucket = one(run, "aws:s3/bucket:Bucket", "data");
        assert.equal(bucket.parent, component.urn);
        assert.equal(inputs(bucket).bucket, "ml-data-dev");
        assert.equal(inputs(bucket).forceDestroy, true);
        const sse = one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "data");
        assert.equal(inputs(sse).rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId, KEY);
        assert.ok(result);
        assert.equal(await resolved(result.urn), component.urn);
        assert.deepEqual(Object.keys(result.state), ["bucketName", "bucketArn"]);
        assert.equal(await resolved(result.state.bucketName), "ml-data-dev");
    });

    it("returns every output the schema declares, for a component that renames its children's (PlatformKey)", async () => {
        let state: Record<string, unknown> = {};
        await inlineRun(async () => {
            state = (await provider.construct("key", "mlplatform:components:PlatformKey", { alias: "ml-platform-dev" }, {})).state;
        });
        assert.deepEqual(Object.keys(state), ["keyArn", "keyId", "aliasName"]);
        assert.equal(await resolved(state.aliasName), "alias/ml-platform-dev");
    });

    it("returns the outputs PlatformNetwork registers from its children (security groups, subnets)", async () => {
        let state: Record<string, unknown> = {};
        await inlineRun(async () => {
            const inputs = { prefix: "ml", environment: "dev", vpc: { mode: "create", cidr: "10.20.0.0/16" } };
            state = (await provider.construct("network", "mlplatform:components:PlatformNetwork", inputs, {})).state;
        });
        assert.deepEqual(Object.keys(state), ["vpcId", "privateSubnetIds", "studioSecurityGroupId", "workloadSecurityGroupId"]);
        assert.equal((await resolved<string[]>(state.privateSubnetIds)).length, 2);
        assert.notEqual(await resolved(state.studioSecurityGroupId), await resolved(state.workloadSecurityGroupId));
    });

    it("rejects bad inputs with the component's own message, before registering a child", async () => {
        await assert.rejects(
            inlineRun(() => provider.construct("data", "mlplatform:components:MlDataBucket", { bucketName: "b", kmsKeyArn: KEY, noncurrentVersionExpirationDays: 0 }, {})),
            /MlDataBucket data: invalid arguments \(1 problem\):\n {2}- noncurrentVersionExpirationDays: found 0; allowed: a whole number of days from 1 to 3650/,
        );
        await assert.rejects(provider.construct("x", "mlplatform:components:Nope", {}, {}), /unknown resource type mlplatform:components:Nope; this provider constructs mlplatform:components:MlDataBucket, /);
        assert.equal(componentOf("mlplatform:components:toString"), undefined);
    });

    it("is started by the plugin directory's main, never by the library entry", () => {
        const pluginDir = path.join(COMPONENTS_DIR, "provider");
        const plugin = parseYaml(fs.readFileSync(path.join(pluginDir, "PulumiPlugin.yaml"), "utf8"));
        assert.equal(plugin.runtime.name, "nodejs");
        // The language host runs `node run-plugin <plugin dir>`, i.e. require(<dir>): its package.json main.
        assert.equal(require.resolve(pluginDir), path.join(COMPONENTS_DIR, "dist", "provider", "main.js"));
        // The package root cannot be the plugin directory: its main is the library, whose exported
        // component classes would make run-plugin start Pulumi's analyzer-based host instead.
        const { getPulumiComponents } = require("@pulumi/pulumi/provider/experimental/provider");
        assert.ok(getPulumiComponents(require(COMPONENTS_DIR)).length > 0);
        // Importing the library loads neither the provider nor its gRPC server.
        const loaded = Object.keys(require.cache).filter((f) => f.startsWith(path.join(COMPONENTS_DIR, "dist", "provider")));
        assert.deepEqual(loaded, []);
    });

    it("serves the schema over gRPC when started the way the Node language host starts a plugin", async function () {
        this.timeout(60_000);
        // pulumi-language-nodejs RunPlugin: `node @pulumi/pulumi/cmd/run-plugin <plugin dir>`; the plugin
        // prints its port on stdout, then the engine calls GetSchema.
        const child = spawn(process.execPath, [require.resolve("@pulumi/pulumi/cmd/run-plugin"), path.join(COMPONENTS_DIR, "provider")], {
            cwd: ROOT,
            stdio: ["ignore", "pipe", "pipe"],
        });
        try {
            let stderr = "";
            child.stderr.on("data", (d) => (stderr += d));
            const port = await new Promise<string>((resolve, reject) => {
                child.stdout.once("data", (d) => resolve(String(d).trim()));
                child.once("exit", (code) => reject(new Error(`the plugin exited (${code}): ${stderr}`)));
            });
            assert.match(port, /^\d+$/);
            const grpc = require("@grpc/grpc-js");
            const services = require("@pulumi/pulumi/proto/provider_grpc_pb");
            const messages = require("@pulumi/pulumi/proto/provider_pb");
            const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            const reply = await new Promise<any>((resolve, reject) =>
                client.getSchema(new messages.GetSchemaRequest(), (err: Error | null, r: unknown) => (err ? reject(err) : resolve(r))),
            );
            client.close();
            const schema = JSON.parse(reply.getSchema()) as PackageSchema;
            const { version } = JSON.parse(fs.readFileSync(path.join(COMPONENTS_DIR, "package.json"), "utf8"));
            assert.equal(schema.version, version);
            assert.equal(Object.keys(schema.resources).length, 8);
        } finally {
            // Waited for, so its CPU is counted in this file (the reaped children's, which
            // test/support/fileTimingReporter.js reads), not in whichever file runs next.
            if (child.exitCode === null && child.signalCode === null) {
                const exited = new Promise((resolve) => child.once("exit", resolve));
                child.kill();
                await exited;
            }
        }
    });
});
