import { strict as assert } from "assert";
import Ajv2020 from "ajv/dist/2020";
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { COMPONENTS, argsJsonSchema, fieldDocs, type PackageSchema, type PropertySpec, packageSchema, token } from "../../components/provider/schema";
import { ROOT } from "../harness";
import { fieldDocsOfSources, writeFieldDocs } from "../support/fieldDocs";

/**
 * The Pulumi package schema the component provider reports (what `pulumi package add` turns into a
 * Python, Go or YAML SDK), generated from the components' zod schemas: checked per component against
 * what the TypeScript `Args` types say, and against Pulumi's own package metaschema.
 */

const schema: PackageSchema = packageSchema("0.1.0");
const FIELD_DOCS = fieldDocs();
const resource = (name: string) => {
    const r = schema.resources[token(name)];
    assert.ok(r, `${token(name)} is in the schema`);
    return r;
};
const input = (component: string, prop: string): PropertySpec => {
    const p = resource(component).inputProperties[prop];
    assert.ok(p, `${component}.${prop} is an input`);
    return p;
};
const typeOf = (ref: string | undefined) => {
    if (!ref?.startsWith("#/types/")) assert.fail(`a named type reference, got ${ref}`);
    const t = schema.types[ref.slice("#/types/".length)];
    assert.ok(t, `${ref} is defined`);
    return t;
};

describe("component provider schema", () => {
    it("validates against Pulumi's package metaschema (pkg/codegen/schema/pulumi.json)", () => {
        const metaschema = JSON.parse(fs.readFileSync(path.join(ROOT, "test/fixtures/pulumi-package-metaschema/pulumi.json"), "utf8"));
        const ajv = new Ajv2020({ strict: false, allErrors: true });
        ajv.addFormat("regex", { validate: (s: string) => (new RegExp(s), true) });
        ajv.addFormat("uri-reference", true);
        const validate = ajv.compile(metaschema);
        assert.ok(validate(schema), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
        // The metaschema is strict enough to catch a mistake of the generator's kind.
        assert.equal(validate({ ...schema, resources: { "mlplatform:components:X": { isComponent: true, inputProperties: { a: { type: "list" } } } } }), false);
    });

    it("has one component resource per component, under the type tokens the TypeScript classes register", () => {
        assert.deepEqual(Object.keys(schema.resources).sort(), Object.keys(COMPONENTS).map(token).sort());
        for (const r of Object.values(schema.resources)) assert.equal(r.isComponent, true);
        assert.equal(schema.name, "mlplatform");
        // The same token as `super("mlplatform:components:MlDataBucket", ...)`: URNs stay as they are.
        const source = fs.readFileSync(path.join(ROOT, "components/mlDataBucket/index.ts"), "utf8");
        assert.match(source, new RegExp(`"${token("MlDataBucket")}"`));
    });

    it("requires exactly the arguments the TypeScript Args types require", () => {
        assert.deepEqual(resource("MlDataBucket").requiredInputs, ["bucketName", "kmsKeyArn"]);
        assert.deepEqual(resource("PlatformKey").requiredInputs, ["alias"]);
        assert.deepEqual(resource("PlatformNetwork").requiredInputs, ["prefix", "environment", "vpc"]);
        assert.deepEqual(resource("MlopsProject").requiredInputs.sort(), ["artifactsBucket", "environment", "kmsKey", "logRetentionDays", "network", "prefix", "settings"]);
        assert.deepEqual(resource("PersonaRole").requiredInputs, ["prefix", "environment", "persona", "dataBucketArn", "artifactsBucketArn", "kmsKeyArn"]);
        assert.deepEqual(resource("StudioDomain").requiredInputs.sort(), ["environment", "kmsKeyArn", "logRetentionDays", "network", "personaRoleArns", "prefix", "settings"]);
        assert.deepEqual(resource("RetrainPipeline").requiredInputs.sort(), ["artifactsBucket", "dataBucket", "environment", "kmsKeyArn", "logRetentionDays", "network", "prefix", "settings"]);
        assert.ok(resource("ModelEndpoint").requiredInputs.includes("modelPackageArn"));
        assert.ok(!resource("ModelEndpoint").requiredInputs.includes("initialInstanceCount"), "a defaulted argument is optional");
    });

    it("leaves out the in-process arguments (the AWS context, Studio guardrails objects)", () => {
        for (const r of Object.values(schema.resources)) assert.ok(!("context" in r.inputProperties));
        assert.ok(!("studioGuardrails" in resource("PersonaRole").inputProperties));
    });

    it("types numbers, strings, enums, nested objects, arrays and maps as the zod schemas do", () => {
        // number with its default, and the range sentence as description
        assert.deepEqual(input("MlDataBucket", "noncurrentVersionExpirationDays"), { type: "integer", default: 90, description: FIELD_DOCS["MlDataBucket.noncurrentVersionExpirationDays"], plain: true });
        assert.match(FIELD_DOCS["MlDataBucket.noncurrentVersionExpirationDays"], /^Days after which noncurrent object versions expire/);
        // a Pulumi Input<string> (z.custom): a string, described by what it is
        assert.deepEqual(input("MlDataBucket", "bucketName"), { type: "string", description: FIELD_DOCS["MlDataBucket.bucketName"] });
        // plain where the TypeScript type is plain (validated before any resource exists), Input where it is an Input
        assert.equal(input("MlDataBucket", "accessLogs").plain, true);
        assert.equal(input("MlDataBucket", "kmsKeyArn").plain, undefined);
        // string enum (a literal union) as a named enum type
        const authMode = typeOf((typeOf(input("StudioDomain", "settings").$ref) as { properties: Record<string, PropertySpec> }).properties.authMode.$ref);
        assert.deepEqual(authMode, { type: "string", description: "fixed when the domain is created", enum: [{ value: "IAM" }, { value: "SSO" }] });
        // array of enum values
        const via = input("PlatformKey", "viaServices");
        assert.equal(via.type, "array");
        assert.ok((typeOf(via.items?.$ref) as { enum: Array<{ value: string }> }).enum.some((e) => e.value === "sagemaker"));
        // nested object, named after the component and the argument
        assert.equal(input("RetrainPipeline", "settings").$ref, `#/types/${token("RetrainPipelineSettings")}`);
        const settings = typeOf(input("RetrainPipeline", "settings").$ref) as { properties: Record<string, PropertySpec>; required: string[] };
        assert.deepEqual(settings.required, ["name"]);
        assert.deepEqual(settings.properties.accuracyThreshold, { type: "number", default: 0.9, description: "minimum validation accuracy to publish; also the alarm threshold", plain: true });
        // map with union values: SSM parameters are strings, numbers or booleans
        assert.deepEqual(settings.properties.parameters.additionalProperties, { oneOf: [{ type: "string" }, { type: "number" }, { type: "boolean" }], plain: true });
        // maps and arrays whose TypeScript type is not a string although zod sees a z.custom
        assert.deepEqual(input("StudioDomain", "personaRoleArns").additionalProperties, { type: "string" });
        const network = typeOf(input("StudioDomain", "network").$ref) as { properties: Record<string, PropertySpec> };
        assert.deepEqual(network.properties.subnetIds.items, { type: "string" });
        assert.deepEqual(input("ModelEndpoint", "tags").additionalProperties?.type, "string");
    });

    it("maps the VPC union (create | existing) to oneOf with a discriminator on mode", () => {
        const vpc = input("PlatformNetwork", "vpc");
        assert.deepEqual(vpc.discriminator?.propertyName, "mode");
        assert.deepEqual(Object.keys(vpc.discriminator?.mapping ?? {}), ["create", "existing"]);
        const existing = typeOf(vpc.discriminator?.mapping.existing) as { properties: Record<string, PropertySpec>; required: string[] };
        assert.deepEqual(existing.properties.mode, { type: "string", const: "existing", plain: true });
        assert.deepEqual(existing.required, ["mode", "vpcId", "privateSubnetIds"]);
    });

    it("describes each argument by its doc comment, else by its schema's description, range sentence or input text", () => {
        let described = 0;
        for (const [name, spec] of Object.entries(COMPONENTS)) {
            const json = argsJsonSchema(spec.args) as { properties: Record<string, Record<string, unknown>> };
            for (const [prop, field] of Object.entries(json.properties)) {
                if (!(prop in resource(name).inputProperties)) continue;
                const text = FIELD_DOCS[`${name}.${prop}`] ?? field.description ?? field.allowed ?? field["x-custom"];
                if (typeof text !== "string") continue;
                assert.ok(input(name, prop).description?.startsWith(text), `${name}.${prop} is described as "${text}"`);
                described++;
            }
        }
        // The arguments with no doc comment, description or range sentence in their sources (none added here).
        const undescribed = Object.entries(schema.resources).flatMap(([t, r]) => Object.entries(r.inputProperties).filter(([, p]) => !p.description).map(([p]) => `${t.split(":")[2]}.${p}`));
        assert.deepEqual(undescribed, [
            "PlatformKey.description",
            "PlatformNetwork.prefix",
            "PlatformNetwork.environment",
            "PlatformNetwork.vpc",
            "StudioDomain.prefix",
            "StudioDomain.environment",
            "StudioDomain.settings",
            "ModelEndpoint.trafficShifting",
            "ModelEndpoint.rollbackAlarms",
            "ModelEndpoint.autoscaling",
        ]);
        assert.equal(described, 73);
        // nested: a field of a union branch and one of a named object type
        const vpc = input("PlatformNetwork", "vpc");
        const create = typeOf(vpc.discriminator?.mapping.create) as { properties: Record<string, PropertySpec> };
        assert.equal(create.properties.cidr.description, FIELD_DOCS["PlatformNetwork.vpc.cidr"]);
    });

    it("holds the doc comments of the TypeScript Args types (components/provider/fieldDocs.json is current)", function () {
        this.timeout(120_000);
        // Read by the TypeScript compiler, or kept from an earlier run while every file it read is unchanged.
        const current = fieldDocsOfSources(Object.keys(COMPONENTS)).docs;
        assert.ok(current["MlDataBucket.protect"]?.startsWith("Protect the bucket"));
        if (process.env.UPDATE_FIELD_DOCS === "1") writeFieldDocs(current);
        assert.deepEqual(FIELD_DOCS, current, "components/provider/fieldDocs.json is stale: run UPDATE_FIELD_DOCS=1 npx mocha test/components/providerSchema.test.ts");
    });

    it("declares the outputs each component registers", () => {
        assert.deepEqual(Object.keys(resource("MlDataBucket").properties), ["bucketName", "bucketArn"]);
        assert.deepEqual(resource("PlatformNetwork").properties.privateSubnetIds, { type: "array", items: { type: "string" }, description: "the private subnet IDs" });
        for (const [name, spec] of Object.entries(COMPONENTS)) {
            // Each declared output is one the component's constructor registers (registerOutputs).
            const dir = { MlDataBucket: "mlDataBucket", PlatformKey: "platformKey", PlatformNetwork: "network", MlopsProject: "mlopsProject", PersonaRole: "personaRole", StudioDomain: "studioDomain", RetrainPipeline: "retrainPipeline", ModelEndpoint: "modelEndpoint" }[name];
            const source = fs.readFileSync(path.join(ROOT, "components", dir!, "index.ts"), "utf8");
            const registered = source.slice(source.lastIndexOf("this.registerOutputs("));
            for (const output of Object.keys(spec.outputs)) assert.match(registered, new RegExp(`\\b${output}\\b`), `${name} registers ${output}`);
            assert.deepEqual(resource(name).required, Object.keys(spec.outputs));
        }
    });

    it("rejects a zod construct it cannot translate instead of typing it Any", () => {
        const broken = { Broken: { description: "x", args: z.object({ when: z.date() }), outputs: {} } };
        assert.throws(() => packageSchema("0.1.0", broken), /Broken\.when: no Pulumi type/);
    });
});
