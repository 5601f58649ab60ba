import * as fs from "fs";
import Module from "module";
import * as path from "path";

/**
 * asl-validator (Amazon States Language), with its JSON Schema compiled once per process instead of once
 * per call. asl-validator 4.0.0's `jsonSchemaErrors` builds a new Ajv, adds its 15 schemas and compiles
 * them on every call (about 130 ms; the suite validates ~30 definitions, 25 of them in one property).
 * The library offers no way to pass an Ajv in, so this loads a private copy of that one module whose
 * `require("ajv")` hands back one Ajv instance per set of options, and points the validator at it.
 * Everything else (the schemas, formats, the checks after the schema, the error selection) is the
 * library's own code, unchanged: same answers, one compile.
 */
type AslValidator = (definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }) => {
    isValid: boolean;
    errors: Array<Record<string, unknown>>;
    errorsText: (separator?: string) => string;
};

const aslValidator: AslValidator = require("asl-validator");
const SCHEMA_ERRORS = require.resolve("asl-validator/dist/src/checks/json-schema-errors");

/** The library's json-schema-errors module, loaded again with `ajv` resolving to a memoising class. */
function schemaErrorsWithOneAjv(): (definition: unknown, options: unknown) => unknown {
    const copy = new Module(SCHEMA_ERRORS, module);
    copy.filename = SCHEMA_ERRORS;
    copy.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(SCHEMA_ERRORS));
    const realRequire = copy.require.bind(copy);
    const Ajv = realRequire("ajv").default;
    let instance: any;
    // Called with `new` by the library: a constructor that returns an object makes `new` yield it. The
    // first call gets the real Ajv, which the library sets up (schemas, formats, ajv-formats' keywords);
    // later calls get a stand-in whose set-up calls do nothing (adding a keyword twice throws) and whose
    // validate uses the compiled schema. Anything else the library might call fails loudly.
    function OnceAjv(this: unknown, options: unknown) {
        if (!instance) return (instance = new Ajv(options));
        return {
            opts: instance.opts,
            logger: instance.logger,
            errors: null as unknown,
            addFormat() {
                return this;
            },
            addKeyword() {
                return this;
            },
            validate(schema: unknown, data: unknown) {
                const valid = instance.validate(schema, data);
                this.errors = instance.errors;
                return valid;
            },
        };
    }
    copy.require = ((id: string) => (id === "ajv" ? { __esModule: true, default: OnceAjv } : realRequire(id))) as NodeJS.Require;
    (copy as unknown as { _compile(code: string, file: string): void })._compile(fs.readFileSync(SCHEMA_ERRORS, "utf8"), SCHEMA_ERRORS);
    return copy.exports.jsonSchemaErrors;
}

// One copy per option set: the formats the library registers depend on checkPaths and checkArn.
const byOptions = new Map<string, (definition: unknown, options: unknown) => unknown>();
const schemaErrors = require(SCHEMA_ERRORS) as { jsonSchemaErrors: (definition: unknown, options: { checkPaths?: boolean; checkArn?: boolean }) => unknown };
const libraryJsonSchemaErrors = schemaErrors.jsonSchemaErrors;
schemaErrors.jsonSchemaErrors = (definition, options) => {
    const key = `${!!options.checkPaths}:${!!options.checkArn}`;
    if (!byOptions.has(key)) byOptions.set(key, schemaErrorsWithOneAjv());
    return byOptions.get(key)!(definition, options);
};

/** asl-validator's answer for a definition (it mutates its input: pass a copy). */
export const validateAsl: AslValidator = aslValidator;

/** asl-validator as published, an Ajv per call: for the test that checks both agree. */
export function validateAslUncached(definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }): ReturnType<AslValidator> {
    const cached = schemaErrors.jsonSchemaErrors;
    schemaErrors.jsonSchemaErrors = libraryJsonSchemaErrors;
    try {
        return aslValidator(definition, options);
    } finally {
        schemaErrors.jsonSchemaErrors = cached;
    }
}
