import * as fs from "fs";
import { z } from "zod";
import { mlDataBucketArgsSchema } from "../mlDataBucket/args";
import { mlopsProjectArgsSchema } from "../mlopsProject/args";
import { modelEndpointArgsSchema } from "../modelEndpoint/args";
import { platformNetworkArgsSchema } from "../network/args";
import { personaRoleArgsSchema } from "../personaRole/args";
import { platformKeyArgsSchema } from "../platformKey/args";
import { retrainPipelineArgsSchema } from "../retrainPipeline/args";
import { studioDomainArgsSchema } from "../studioDomain/args";
import { packageFile } from "../packageFiles";

/**
 * The Pulumi package schema of the components, generated from their zod schemas (the one description of
 * each argument), so a Python, Go, .NET or YAML program sees the same names, types, defaults and accepted
 * values as a TypeScript one. Pure: no Pulumi runtime, no resources (the provider and the tests call it).
 *
 * Why not Pulumi's own analyzer (`componentProviderHost`): it reads the constructors' TypeScript
 * declarations, which zod-inferred types do not have, and would rename the type tokens (README).
 */

export const PACKAGE_NAME = "mlplatform";
export const MODULE = "components";

/** `mlplatform:components:<Name>`: the type token of a component or a named type (the components' URNs use it). */
export function token(name: string): string {
    return `${PACKAGE_NAME}:${MODULE}:${name}`;
}

type Json = Record<string, unknown>;

/** A Pulumi schema property or type reference (https://www.pulumi.com/docs/iac/extending-pulumi/schema/). */
export interface PropertySpec {
    type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
    $ref?: string;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
    oneOf?: PropertySpec[];
    discriminator?: { propertyName: string; mapping: Record<string, string> };
    description?: string;
    default?: string | number | boolean;
    const?: string | number | boolean;
    /** A value the TypeScript API takes as is (not a `pulumi.Input`): the SDKs take a plain value too. */
    plain?: boolean;
    /** The SDKs send it as a secret, so the engine never keeps it in plaintext in the component's inputs. */
    secret?: boolean;
}
interface ObjectTypeSpec {
    type: "object";
    description?: string;
    properties: Record<string, PropertySpec>;
    required?: string[];
}
interface EnumTypeSpec {
    type: "string";
    description?: string;
    enum: Array<{ value: string }>;
}
type TypeSpec = ObjectTypeSpec | EnumTypeSpec;

interface ResourceSpec {
    isComponent: true;
    description: string;
    inputProperties: Record<string, PropertySpec>;
    requiredInputs: string[];
    properties: Record<string, PropertySpec>;
    required: string[];
}

export interface PackageSchema {
    name: string;
    displayName: string;
    version: string;
    description: string;
    license: string;
    keywords: string[];
    meta: { moduleFormat: string };
    resources: Record<string, ResourceSpec>;
    types: Record<string, TypeSpec>;
}

/** An output a component registers (`registerOutputs`): its Pulumi type and what it is. */
export interface OutputSpec {
    type: "string" | "stringArray";
    description: string;
}

/**
 * What each component offers another language: its arguments' schema, the arguments left out (and why),
 * the arguments whose TypeScript type is not a string (a `z.custom` carries no type at run time), and
 * the outputs it registers.
 */
export interface ComponentSpec {
    description: string;
    args: z.ZodType;
    /**
     * Arguments another language cannot pass: the AWS context (`lookupAwsContext()` is the default, read
     * from the provider's region and account) and in-process objects (PersonaRole's Studio guardrails).
     */
    omitted?: string[];
    /** `z.custom` arguments (dotted path) that are not strings, with their Pulumi type. */
    customTypes?: Record<string, PropertySpec>;
    /** Arguments (dotted path) that are secrets: a password given by a program in another language. */
    secrets?: string[];
    outputs: Record<string, OutputSpec>;
}

const stringArray: PropertySpec = { type: "array", items: { type: "string" } };
const arn = (what: string): OutputSpec => ({ type: "string", description: `ARN of ${what}` });

/** The components, by type name (the token's last part). */
export const COMPONENTS = {
    MlDataBucket: {
        description: "An S3 bucket for ML data: SSE-KMS under a customer-managed key, versioned, TLS-only, no public access, lifecycle rules.",
        args: mlDataBucketArgsSchema,
        outputs: { bucketName: { type: "string", description: "the bucket's name" }, bucketArn: arn("the bucket") },
    },
    PlatformKey: {
        description: "The platform's customer-managed KMS key (rotation on) and its alias, usable only through the listed AWS services.",
        args: platformKeyArgsSchema,
        omitted: ["context"],
        outputs: { keyArn: arn("the key"), keyId: { type: "string", description: "the key ID" }, aliasName: { type: "string", description: "the alias, `alias/<name>`" } },
    },
    PlatformNetwork: {
        description: "The platform's private network: a new or an existing VPC, security groups for Studio, workloads and endpoints, VPC interface endpoints, flow logs.",
        args: platformNetworkArgsSchema,
        omitted: ["context"],
        outputs: {
            vpcId: { type: "string", description: "the VPC ID" },
            privateSubnetIds: { type: "stringArray", description: "the private subnet IDs" },
            studioSecurityGroupId: { type: "string", description: "the Studio security group ID" },
            workloadSecurityGroupId: { type: "string", description: "the workloads' security group ID" },
        },
    },
    PersonaRole: {
        description: "A SageMaker execution role of one persona, with the data access the persona is granted.",
        args: personaRoleArgsSchema,
        omitted: ["context", "studioGuardrails"],
        outputs: { roleArn: arn("the persona's execution role") },
    },
    StudioDomain: {
        description: "A SageMaker Studio domain in VPC-only mode, its user profiles, shared spaces, guardrails and launch policy.",
        args: studioDomainArgsSchema,
        omitted: ["context"],
        customTypes: {
            "network.subnetIds": stringArray,
            "network.launchVpcEndpointIds": stringArray,
            personaRoleArns: { type: "object", additionalProperties: { type: "string" } },
        },
        outputs: { domainId: { type: "string", description: "the Studio domain ID" }, domainArn: arn("the Studio domain"), launchPolicyArn: arn("the Studio launch policy") },
    },
    RetrainPipeline: {
        description: "A model-retraining pipeline: image build, Fargate steps under Step Functions, schedule, alerts, credentials.",
        args: retrainPipelineArgsSchema,
        omitted: ["context"],
        customTypes: { "network.subnetIds": stringArray },
        secrets: ["dbPassword"],
        outputs: {
            stateMachineArn: arn("the Step Functions state machine"),
            imageRepositoryUrl: { type: "string", description: "the ECR repository URL of the training image" },
            repositoryCloneUrl: { type: "string", description: "the CodeCommit repository's HTTPS clone URL" },
            alertsTopicArn: arn("the alerts topic"),
            credentialsSecretArn: arn("the pipeline's database credentials secret"),
        },
    },
    MlopsProject: {
        description: "Seed 001's model CI/CD for one model family: source, model build pipeline, model registry approved by people only, deploy pipeline staging → test → manual approval → prod, scoped roles, alerts.",
        args: mlopsProjectArgsSchema,
        omitted: ["context"],
        customTypes: { "network.subnetIds": stringArray, "network.securityGroupIds": stringArray },
        outputs: {
            buildPipelineArn: arn("the model build pipeline"),
            deployPipelineArn: arn("the model deploy pipeline"),
            modelPackageGroupArn: arn("the model package group"),
            approverPolicyArn: arn("the approvers' managed policy"),
        },
    },
    ModelEndpoint: {
        description: "A SageMaker real-time endpoint of a registered model package, with blue/green deployment, rollback alarms and autoscaling.",
        args: modelEndpointArgsSchema,
        omitted: ["context"],
        outputs: {
            endpointName: { type: "string", description: "the endpoint's name" },
            endpointArn: arn("the endpoint"),
            endpointConfigName: { type: "string", description: "the endpoint configuration's name" },
            modelName: { type: "string", description: "the SageMaker model's name" },
            alarmTopicArn: arn("the topic the endpoint's alarms notify"),
        },
    },
} satisfies Record<string, ComponentSpec>;

export type ComponentName = keyof typeof COMPONENTS;

const pascal = (s: string) => s.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

/**
 * What a reader needs to know about a field: its doc comment (the README's description), else the
 * schema's own description, the sentence naming what it accepts, or the input's text.
 */
function describe(js: Json, doc: string | undefined): string | undefined {
    const parts = [doc, js.description, js.allowed, js["x-custom"]].filter((p): p is string => typeof p === "string" && p.length > 0);
    const text = parts[0];
    if (text === undefined) return undefined;
    if (js.default !== undefined && typeof js.default === "object") return `${text} (default: ${JSON.stringify(js.default)})`;
    return text;
}

/**
 * The doc comment of each argument (`components/<name>/args.ts`), keyed `<Component>.<path>`, from
 * `provider/fieldDocs.json` (shipped with the package): read from the TypeScript types by
 * test/support/fieldDocs.ts, kept current by test/components/providerSchema.test.ts
 * (`UPDATE_FIELD_DOCS=1` rewrites it). Data, not code: the examples in the comments name accounts and regions.
 */
export function fieldDocs(): Record<string, string> {
    return JSON.parse(fs.readFileSync(packageFile("provider", "fieldDocs.json"), "utf8")) as Record<string, string>;
}

/** Path segments that name no argument: array items, map values, union branches (`#create`). */
const isArgument = (segment: string) => segment !== "item" && segment !== "value" && !segment.startsWith("#");

/** Converts one component's JSON Schema (from `z.toJSONSchema`) into Pulumi properties and named types. */
class Converter {
    constructor(
        private readonly component: string,
        private readonly spec: ComponentSpec,
        private readonly types: Record<string, TypeSpec>,
        private readonly docs: Record<string, string>,
    ) {}

    /**
     * Arguments a `pulumi.Input` in TypeScript (zod `input<T>()`, a `z.custom`) accept Outputs of other
     * resources; the others are plain values in TypeScript (validated with their ranges before any
     * resource exists), so the schema marks them `plain` and every SDK takes them the same way.
     */
    property(js: Json, path: string[]): PropertySpec {
        const typed = this.typed(js, path);
        const spec = this.spec.secrets?.includes(path.join(".")) ? { ...typed, secret: true } : typed;
        return js["x-custom"] === undefined ? { ...spec, plain: true } : spec;
    }

    private typed(js: Json, path: string[]): PropertySpec {
        const dotted = path.join(".");
        const custom = this.spec.customTypes?.[dotted];
        const description = describe(js, this.docs[[this.component, ...path.filter(isArgument)].join(".")]);
        const withText = (p: PropertySpec): PropertySpec => (description ? { ...p, description } : p);
        if (js["x-custom"] !== undefined) return withText(custom ?? { type: "string" });
        if (js.$ref !== undefined) throw new Error(`${this.component}.${dotted}: shared JSON Schema definitions are not supported`);
        if (Array.isArray(js.oneOf) || Array.isArray(js.anyOf)) return withText(this.union((js.oneOf ?? js.anyOf) as Json[], path));
        if (Array.isArray(js.type)) return withText({ oneOf: (js.type as string[]).map((t) => this.typed({ type: t }, path)) });
        if (Array.isArray(js.enum)) return withText({ $ref: `#/types/${this.enumType(js.enum as unknown[], path, description)}` });
        const primitive = (p: PropertySpec): PropertySpec => {
            const d = js.default;
            const withDefault = typeof d === "string" || typeof d === "number" || typeof d === "boolean" ? { ...p, default: d } : p;
            const c = js.const;
            return withText(typeof c === "string" || typeof c === "number" || typeof c === "boolean" ? { ...withDefault, const: c } : withDefault);
        };
        switch (js.type) {
            case "string":
            case "number":
            case "integer":
            case "boolean":
                return primitive({ type: js.type });
            case "array":
                return withText({ type: "array", items: this.property((js.items ?? {}) as Json, [...path, "item"]) });
            case "object":
                if (js.properties !== undefined) return withText({ $ref: `#/types/${this.objectType(js, path, description)}` });
                return withText({ type: "object", additionalProperties: this.property((js.additionalProperties ?? {}) as Json, [...path, "value"]) });
            default:
                throw new Error(`${this.component}.${dotted}: no Pulumi type for JSON Schema ${JSON.stringify(js)}`);
        }
    }

    /** The properties of an object schema, without the omitted arguments (top level only). */
    properties(js: Json, path: string[]): { properties: Record<string, PropertySpec>; required: string[] } {
        const omitted = path.length === 0 ? (this.spec.omitted ?? []) : [];
        const entries = Object.entries((js.properties ?? {}) as Record<string, Json>).filter(([k]) => !omitted.includes(k));
        const properties = Object.fromEntries(entries.map(([k, v]) => [k, this.property(v, [...path, k])]));
        const required = ((js.required ?? []) as string[]).filter((k) => k in properties);
        return { properties, required };
    }

    private objectType(js: Json, path: string[], description: string | undefined): string {
        const name = token(this.component + path.filter((p) => p !== "item" && p !== "value").map(pascal).join(""));
        const { properties, required } = this.properties(js, path);
        this.types[name] = { type: "object", ...(description ? { description } : {}), properties, ...(required.length ? { required } : {}) };
        return name;
    }

    private enumType(values: unknown[], path: string[], description: string | undefined): string {
        const name = token(this.component + path.filter((p) => p !== "item" && p !== "value").map(pascal).join(""));
        if (!values.every((v): v is string => typeof v === "string")) throw new Error(`${name}: only string enums are supported`);
        this.types[name] = { type: "string", ...(description ? { description } : {}), enum: values.map((value) => ({ value })) };
        return name;
    }

    /** A union of objects: each branch a named type (after its constant discriminator when it has one). */
    private union(branches: Json[], path: string[]): PropertySpec {
        const constOf = (b: Json) =>
            Object.entries((b.properties ?? {}) as Record<string, Json>).find(([, p]) => typeof p.const === "string") as [string, Json] | undefined;
        const discriminators = branches.map(constOf);
        const oneOf = branches.map((b, i) => this.property(b, [...path, `#${String(discriminators[i]?.[1].const ?? `option${i + 1}`)}`]));
        const key = discriminators[0]?.[0];
        if (key !== undefined && discriminators.every((d) => d?.[0] === key)) {
            const mapping = Object.fromEntries(discriminators.map((d, i) => [String(d![1].const), oneOf[i].$ref!]));
            return { oneOf, discriminator: { propertyName: key, mapping } };
        }
        return { oneOf };
    }
}

/** The JSON Schema of a component's arguments as a caller writes them (defaults optional), custom inputs marked. */
export function argsJsonSchema(args: z.ZodType): Json {
    return z.toJSONSchema(args, {
        io: "input",
        unrepresentable: "any",
        override: (ctx) => {
            const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string; error?: (issue: object) => unknown } } })._zod.def;
            if (def.type !== "custom") return;
            const message = def.error?.({});
            (ctx.jsonSchema as Json)["x-custom"] = typeof message === "string" ? message.replace(/ \(required\)$/, "") : "";
        },
    }) as Json;
}

/** The package schema for `pulumi package add`, `pulumi package get-schema` and SDK generation. */
export function packageSchema(version: string, components: Record<string, ComponentSpec> = COMPONENTS): PackageSchema {
    const types: Record<string, TypeSpec> = {};
    const resources: Record<string, ResourceSpec> = {};
    const docs = fieldDocs();
    for (const [name, spec] of Object.entries(components)) {
        const { properties: inputProperties, required: requiredInputs } = new Converter(name, spec, types, docs).properties(argsJsonSchema(spec.args), []);
        const properties = Object.fromEntries(
            Object.entries(spec.outputs).map(([k, o]) => [k, { ...(o.type === "string" ? { type: "string" as const } : stringArray), description: o.description }]),
        );
        resources[token(name)] = { isComponent: true, description: spec.description, inputProperties, requiredInputs, properties, required: Object.keys(properties) };
    }
    return {
        name: PACKAGE_NAME,
        displayName: "ML platform components",
        version,
        description: "Pulumi components of a governed ML platform on AWS",
        license: "Apache-2.0",
        keywords: ["pulumi", "aws", "sagemaker", "kind/component", "category/cloud"],
        meta: { moduleFormat: "(.*)" },
        resources,
        types,
    };
}
