import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { computedOutputs, mockCall } from "./mocks";

/**
 * Runs a Pulumi TypeScript program in-process under Pulumi's own mocks and records every resource it
 * registers, with the resource options the engine would see (protect, retainOnDelete, dependencies,
 * property dependencies, provider, parent). The mock monitor's register calls are intercepted because
 * the `newResource` mock never sees options.
 */

/** The value the engine uses for outputs not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

export interface CapturedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    /** URN of the provider that manages the resource (custom resources only). */
    provider?: string;
    /** Version of the resource's package (the engine names default providers after it). */
    version?: string;
    /** Inputs as the engine receives them: unknowns as the UNKNOWN sentinel, secrets wrapped. */
    rawInputs: Record<string, unknown>;
    /** Outputs after "deployment": inputs plus computed values (update mode), inputs only in preview. */
    rawOutputs: Record<string, unknown>;
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace?: boolean;
    ignoreChanges: string[];
    additionalSecretOutputs: string[];
    aliases: string[];
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

export interface ProgramRun {
    project: string;
    stack: string;
    preview: boolean;
    /** The config the program ran with (`namespace:key` -> raw text); secure values are placeholders. */
    config: Record<string, string>;
    /** Tags the engine gives the stack from Pulumi.yaml (`pulumi:project`, `pulumi:runtime`, `pulumi:description`). */
    stackTags: Record<string, string>;
    resources: CapturedResource[];
    /** Stack outputs as the mocks resolve them (unknowns and secrets shown as markers). */
    outputs: Record<string, unknown>;
}

export class ProgramError extends Error {
    constructor(
        message: string,
        readonly kind: "config" | "program",
        /** Types of the resources registered before the failure (the root stack excluded). */
        readonly registered: string[] = [],
    ) {
        super(message);
        this.name = "ProgramError";
    }
}

export interface StackFiles {
    project: string;
    /** `pulumi:project`, `pulumi:runtime` and `pulumi:description`, as the engine derives them from Pulumi.yaml. */
    stackTags: Record<string, string>;
    projectDir: string;
    /** `namespace:key` -> raw text, as the language host hands config to a program. */
    config: Record<string, string>;
    secretKeys: string[];
}

function findProjectDir(program: string): string {
    let dir = path.dirname(path.resolve(program));
    for (;;) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        const parent = path.dirname(dir);
        if (parent === dir) throw new ProgramError(`No Pulumi.yaml found in ${path.dirname(program)} or any parent directory`, "program");
        dir = parent;
    }
}

/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` next to a program into the config map Pulumi would hand
 * it. Secure values cannot be decrypted offline: they become a placeholder, marked secret.
 */
export function readStackFiles(program: string, stack: string): StackFiles {
    const projectDir = findProjectDir(program);
    const projectFile = YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) ?? {};
    const project = String(projectFile.name ?? "project");
    const stackPath = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackPath)) {
        const known = fs
            .readdirSync(projectDir)
            .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
            .filter((s): s is string => !!s);
        throw new ProgramError(
            `No stack file Pulumi.${stack}.yaml in ${projectDir}; stacks there: ${known.join(", ") || "none"}`,
            "config",
        );
    }
    const stackFile = YAML.parse(fs.readFileSync(stackPath, "utf8")) ?? {};
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const qualify = (key: string) => (key.includes(":") ? key : `${project}:${key}`);
    const put = (key: string, value: unknown) => {
        const full = qualify(key);
        if (value && typeof value === "object" && !Array.isArray(value) && "secure" in (value as object)) {
            config[full] = `[secret ${full}]`;
            secretKeys.push(full);
        } else {
            // A value set with `pulumi config set --secret --path` holds `{secure: ...}` inside: the program
            // gets the structure with that value decrypted, and the whole key is secret.
            let nestedSecret = false;
            const decrypted = JSON.stringify(value, (k, v) => {
                if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v) {
                    nestedSecret = true;
                    return `[secret ${full}.${k}]`;
                }
                return v;
            });
            config[full] = typeof value === "string" ? value : decrypted;
            if (nestedSecret) secretKeys.push(full);
        }
    };
    // Project-level values and defaults, then the stack's values. As in the CLI (pulumi/pulumi
    // RewriteShorthandConfigValues, mergeConfig): a map is a declaration ({type, description, items,
    // secret, default | value}) that supplies its `value` or `default`, or nothing; a scalar or list is the value.
    for (const [key, spec] of Object.entries<any>(projectFile.config ?? {})) {
        const value = spec && typeof spec === "object" && !Array.isArray(spec) ? (spec.value ?? spec.default) : spec;
        if (value !== undefined && value !== null) put(key, value);
    }
    for (const [key, value] of Object.entries(stackFile.config ?? {})) put(key, value);
    const runtime = typeof projectFile.runtime === "string" ? projectFile.runtime : projectFile.runtime?.name;
    const stackTags: Record<string, string> = { "pulumi:project": project };
    if (runtime) stackTags["pulumi:runtime"] = String(runtime);
    if (projectFile.description) stackTags["pulumi:description"] = String(projectFile.description);
    return { project, projectDir, config, secretKeys, stackTags };
}

/** Converts resource references to what analyzers receive: the referenced resource's id, or URN for components. */
function analyzerShape(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(analyzerShape);
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SIG_KEY] === RESOURCE_SIG) {
            return obj.id !== undefined && obj.id !== "" ? obj.id : obj.urn;
        }
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, analyzerShape(v)]));
    }
    return value;
}

/** Plain JSON for reports: secrets masked, unknowns marked, references by URN. */
export function displayValue(value: unknown): unknown {
    if (value === UNKNOWN) return "[unknown]";
    if (Array.isArray(value)) return value.map(displayValue);
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SIG_KEY] === SECRET_SIG) return "[secret]";
        if (obj[SIG_KEY] === RESOURCE_SIG) return obj.urn;
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, displayValue(v)]));
    }
    return value;
}

/** Engine-style URN: the type is qualified by its parents' types, the root stack excluded. */
function engineUrn(stack: string, project: string, parent: string | undefined, type: string, name: string): string {
    let qualified = type;
    if (parent) {
        const parentQualified = parent.split("::")[2];
        if (parentQualified !== "pulumi:pulumi:Stack") qualified = `${parentQualified}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** Modules (outside node_modules) that earlier program runs loaded, so each run executes its program afresh. */
const programModules = new Set<string>();

function clearProgramModules(projectDir: string): void {
    const root = path.resolve(projectDir) + path.sep;
    for (const id of Object.keys(require.cache)) {
        if (id.includes(`${path.sep}node_modules${path.sep}`)) continue;
        if (id.startsWith(root) || programModules.has(id)) delete require.cache[id];
    }
}

function rememberProgramModules(before: Set<string>): void {
    for (const id of Object.keys(require.cache)) {
        if (!before.has(id) && !id.includes(`${path.sep}node_modules${path.sep}`)) programModules.add(id);
    }
}

export interface RunOptions {
    /** Path of the program's entry file (index.ts). */
    program: string;
    stack: string;
    /** Run as `pulumi preview` (computed outputs unknown) instead of `pulumi up`. */
    preview?: boolean;
    /** Config values to set on top of the stack file (`namespace:key` -> raw text), e.g. to test bad input. */
    configOverrides?: Record<string, string | undefined>;
}

/** Runs one program file for one stack, with the config of its Pulumi.<stack>.yaml. */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
    const files = readStackFiles(options.program, options.stack);
    const config = { ...files.config };
    for (const [key, v] of Object.entries(options.configOverrides ?? {})) {
        // Like `pulumi config`, a key without a namespace belongs to the project.
        const k = key.includes(":") ? key : `${files.project}:${key}`;
        if (v === undefined) delete config[k];
        else config[k] = v;
    }
    const programPath = path.resolve(options.program);
    return runUnderMocks(
        { project: files.project, stack: options.stack, config, secretKeys: files.secretKeys, preview: options.preview ?? false, stackTags: files.stackTags },
        async () => {
            clearProgramModules(files.projectDir);
            const before = new Set(Object.keys(require.cache));
            let exported;
            try {
                exported = require(programPath);
            } finally {
                rememberProgramModules(before);
            }
            // A program may export a function (async entry point) or values, as the language host allows.
            if (typeof exported === "function") return exported();
            if (typeof exported?.default === "function") return exported.default();
            return exported;
        },
    );
}

export interface InlineRunOptions {
    project: string;
    stack: string;
    /** `namespace:key` -> raw text. */
    config?: Record<string, string>;
    secretKeys?: string[];
    preview?: boolean;
    /** Stack tags; default `pulumi:project` and `pulumi:runtime: nodejs`. */
    stackTags?: Record<string, string>;
}

/**
 * Runs a program given as a function (its return value becomes the stack outputs) under mocks and
 * records every resource it registers. One run at a time: the Pulumi runtime is process-global.
 */
export function runUnderMocks(options: InlineRunOptions, entry: () => unknown): Promise<ProgramRun> {
    const run = queue.then(() => runNow(options, entry));
    queue = run.then(
        () => undefined,
        () => undefined,
    );
    return run;
}

let queue: Promise<void> = Promise.resolve();

async function runNow(options: InlineRunOptions, entry: () => unknown): Promise<ProgramRun> {
    const preview = options.preview ?? false;
    const config = { ...(options.config ?? {}) };
    const region = config["aws:region"] ?? "us-east-1";
    const { project, stack } = options;

    pulumi.runtime.setAllConfig(config, options.secretKeys ?? []);
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const { id, outputs } = computedOutputs(args, region);
                if (!preview) return { id, state: { ...args.inputs, ...outputs } };
                // Preview: the engine knows only the inputs of a resource it has not created yet; what AWS
                // computes (ids, ARNs, URLs) is unknown, as in `pulumi preview`.
                const unknowns = Object.fromEntries(Object.keys(outputs).filter((k) => !(k in args.inputs)).map((k) => [k, UNKNOWN]));
                return { id: undefined as unknown as string, state: { ...args.inputs, ...unknowns } };
            },
            call: (args) => mockCall(args, region),
        },
        project,
        stack,
        preview,
    );

    const captured = new Map<string, CapturedResource>();
    const monitor = pulumi.runtime.getMonitor() as any;
    monitor.newUrn = (parent: string, type: string, name: string) => engineUrn(stack, project, parent, type, name);
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) => {
        register(req, (err: any, resp: any) => {
            if (!err && resp) {
                const propertyDependencies: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((v: any, k: string) => {
                    propertyDependencies[k] = v.getUrnsList();
                });
                const providerRef: string = req.getProvider() ?? "";
                const rawInputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
                const rawOutputs = (resp.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
                captured.set(resp.getUrn(), {
                    urn: resp.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    parent: req.getParent() || undefined,
                    provider: providerRef ? providerRef.split("::").slice(0, -1).join("::") : undefined,
                    version: req.getVersion() || undefined,
                    rawInputs,
                    rawOutputs,
                    protect: req.getProtect() === true,
                    retainOnDelete: req.getRetainondelete() === true,
                    deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
                    ignoreChanges: req.getIgnorechangesList(),
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                    aliases: req.getAliasesList().map((a: any) => a.getUrn?.() || a.toString()),
                    dependencies: req.getDependenciesList(),
                    propertyDependencies,
                });
            }
            callback(err, resp);
        });
    };

    const stackOutputsByUrn = new Map<string, Record<string, unknown>>();
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: any, resp: any) => void) => {
        stackOutputsByUrn.set(req.getUrn(), (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
        registerOutputs(req, callback);
    };

    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    // Pulumi records a stack trace for every promise and resource (leak and source-position debugging
    // the offline plan never shows); capturing none roughly halves the cost of running a program.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let stackOutputs: Record<string, unknown> = {};
    try {
        const outputs = await pulumi.runtime.runInPulumiStack(async () => entry());
        // Not in the typings (internal), but it is how the language host waits for pending registrations.
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        const stackResource = [...captured.values()].find((r) => r.type === "pulumi:pulumi:Stack");
        // The stack's registered outputs keep secrets wrapped, unlike the plain values `outputs` resolves to.
        stackOutputs = stackResource ? (stackOutputsByUrn.get(stackResource.urn) ?? {}) : ((outputs ?? {}) as Record<string, unknown>);
    } catch (err) {
        failures.unshift(err);
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
        process.off("unhandledRejection", onRejection);
    }
    if (failures.length > 0) {
        const registered = [...captured.values()].map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack");
        const first = failures[0] as Error;
        const configError = failures.find((f: any) => f?.name === "ConfigError") as Error | undefined;
        if (configError) throw new ProgramError(configError.message, "config", registered);
        const message = first instanceof Error ? first.message : String(first);
        throw new ProgramError(`The program failed: ${message}`, "program", registered);
    }

    // As the engine does: a package whose default provider is disabled needs an explicit provider.
    const disabled = JSON.parse(config["pulumi:disable-default-providers"] ?? "[]") as string[];
    const orphan = [...captured.values()].find(
        (r) => r.custom && !r.provider && !r.type.startsWith("pulumi:") && (disabled.includes("*") || disabled.includes(r.type.split(":")[0])),
    );
    if (orphan) {
        throw new ProgramError(
            `The program failed: default provider for '${orphan.type.split(":")[0]}' disabled. '${orphan.urn}' must use an explicit provider.`,
            "program",
        );
    }

    const resources = [...captured.values()].map((r) => ({
        ...r,
        rawInputs: analyzerShape(r.rawInputs) as Record<string, unknown>,
        rawOutputs: analyzerShape(r.rawOutputs) as Record<string, unknown>,
    }));
    const stackTags = options.stackTags ?? { "pulumi:project": project, "pulumi:runtime": "nodejs" };
    return { project, stack, preview, config, stackTags, resources, outputs: displayValue(stackOutputs) as Record<string, unknown> };
}
