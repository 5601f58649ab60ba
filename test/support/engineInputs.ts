import Ajv2020 from "ajv/dist/2020";
import { packageSchema } from "../../components/provider/schema";

/**
 * Whether plain JSON inputs are what the engine could send a component of the generated package schema:
 * the schema's input properties and object types turned into JSON Schema (no unknown keys, required ones
 * present, enum values, discriminated unions), so a construct test cannot pass with inputs a Python or
 * YAML program could never write.
 */

type Json = Record<string, any>;
const TYPE_REF = "#/types/";
/** A type token as a `$defs` key (a JSON pointer segment): its characters outside [A-Za-z0-9] as `_`. */
const defName = (token: string) => token.replace(/[^A-Za-z0-9]/g, "_");

/** A Pulumi schema property (or type) as JSON Schema; `$ref`s point into `$defs`. */
function toJsonSchema(spec: Json): Json {
    if (spec.$ref?.startsWith(TYPE_REF)) return { $ref: `#/$defs/${defName(spec.$ref.slice(TYPE_REF.length))}` };
    if (spec.$ref === "pulumi.json#/Any") return {};
    if (spec.oneOf && spec.discriminator) {
        // Pulumi names each branch's tag value in the discriminator mapping, not in the branch's type.
        const { propertyName, mapping } = spec.discriminator as { propertyName: string; mapping: Record<string, string> };
        const tagged = (value: string, ref: string) => ({ allOf: [toJsonSchema({ $ref: ref }), { properties: { [propertyName]: { const: value } }, required: [propertyName] }] });
        return { oneOf: Object.entries(mapping).map(([value, ref]) => tagged(value, ref)) };
    }
    if (spec.oneOf) return { oneOf: spec.oneOf.map(toJsonSchema) };
    if (spec.enum) return { enum: spec.enum.map((e: Json) => e.value) };
    switch (spec.type) {
        case "array":
            return { type: "array", items: toJsonSchema(spec.items) };
        case "object":
            if (spec.properties) return objectSchema(spec.properties, spec.required ?? []);
            return { type: "object", additionalProperties: spec.additionalProperties ? toJsonSchema(spec.additionalProperties) : {} };
        default:
            return { type: spec.type };
    }
}

function objectSchema(properties: Record<string, Json>, required: string[]): Json {
    return {
        type: "object",
        properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, toJsonSchema(v)])),
        required,
        additionalProperties: false,
    };
}

let validators: Map<string, ReturnType<Ajv2020["compile"]>> | undefined;

/** The problems (ajv's messages, with their paths) of `inputs` against the component's schema; [] when the engine could send them. */
export function engineInputProblems(component: string, inputs: unknown): string[] {
    if (!validators) {
        const schema = packageSchema("0.0.0");
        const $defs = Object.fromEntries(Object.entries(schema.types).map(([token, type]) => [defName(token), toJsonSchema(type as Json)]));
        const ajv = new Ajv2020({ strict: false, allErrors: true });
        validators = new Map(
            Object.entries(schema.resources).map(([token, resource]) => {
                const r = resource as Json;
                return [token.split(":").pop()!, ajv.compile({ ...objectSchema(r.inputProperties, r.requiredInputs ?? []), $defs })];
            }),
        );
    }
    const validate = validators.get(component);
    if (!validate) throw new Error(`no component ${component} in the package schema`);
    return validate(inputs) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}
