import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { awsxVpcChildSpecs, childKey, childState } from "./awsxVpc";
import { MOCK_ACCOUNT_ID, computedOutputs, mockCall } from "./mocks";
import { provideFsPromisesGlob } from "./nodeCompat";
import { ProviderMeta, UNKNOWN, checkInputs, plannedState } from "./providerCheck";
import { RESOURCE_SIG, SECRET_SIG, SIG_KEY } from "./wire";
import { stackFileYaml } from "./yamlCache";

/**
 * Runs a Pulumi TypeScript program in-process under Pulumi's own mocks and records every resource it
 * registers, with the resource options the engine would see (protect, retainOnDelete, dependencies,
 * property dependencies, provider, parent). The mock monitor's register calls are intercepted because
 * the `newResource` mock never sees options.
 */

/** The value the engine uses for outputs not known during preview. */
export { UNKNOWN };

export interface CapturedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    /** URN of the provider that manages the resource (custom resources only). */
    provider?: string;
    /** Remote component (its children are created by its provider's Construct, not by the program). */
    remote?: boolean;
    /** Component providers by package (`aws` -> provider URN), as the program passed them. */
    providers?: Record<string, string>;
    /** Version of the resource's package (the engine names default providers after it). */
    version?: string;
    /**
     * Inputs as the engine stores them and the analyzers receive them: the program's inputs after the
     * provider's Check (autonamed `name`, `region`, `tagsAll`), unknowns as the UNKNOWN sentinel, secrets wrapped.
     */
    rawInputs: Record<string, unknown>;
    /** The inputs as the program gave them, before Check. */
    programInputs?: Record<string, unknown>;
    /**
     * Outputs after "deployment": checked inputs plus computed values (update mode); in preview the
     * provider's planned state, every computed output the inputs do not set unknown.
     */
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
    /** What the run could not reproduce as a real one would, for the plan to report. */
    notices?: string[];
    /** What the program left for the plan under PLAN_REPORT_KEY (notes, warnings), if anything. */
    planReport?: PlanReport;
}

/**
 * A program may leave notes and warnings for whoever plans it under this global key (they are not stack
 * outputs: a deployment never reads them): `{ notes: string[], warnings: string[], details?: object }`.
 */
export const PLAN_REPORT_KEY = Symbol.for("offline-plan.report");

export interface PlanReport {
    notes: string[];
    warnings: string[];
    details?: Record<string, unknown>;
}

/** Takes (and clears) the report the program left, so one run's report never shows in another's plan. */
function takePlanReport(): PlanReport | undefined {
    const store = globalThis as Record<symbol, unknown>;
    const left = store[PLAN_REPORT_KEY] as Partial<PlanReport> | undefined;
    delete store[PLAN_REPORT_KEY];
    if (!left || typeof left !== "object") return undefined;
    const texts = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    return { notes: texts(left.notes), warnings: texts(left.warnings), ...(left.details ? { details: left.details } : {}) };
}

export class ProgramError extends Error {
    constructor(
        message: string,
        readonly kind: "config" | "program",
        /** Types of the resources registered before the failure (the root stack excluded). */
        readonly registered: string[] = [],
        /** Where in the program it failed (`file:line:column`), when known. */
        readonly location?: string,
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

/** What a secure config value becomes offline, where it cannot be decrypted. */
export function secretPlaceholder(key: string): string {
    return `[secret ${key}]`;
}

/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` next to a program into the config map Pulumi would hand
 * it. Secure values cannot be decrypted offline: they become a placeholder, marked secret.
 */
export function readStackFiles(program: string, stack: string): StackFiles {
    const projectDir = findProjectDir(program);
    const projectFile = (stackFileYaml.parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) ?? {}) as Record<string, any>;
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
    const stackFile = (stackFileYaml.parse(fs.readFileSync(stackPath, "utf8")) ?? {}) as Record<string, any>;
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const qualify = (key: string) => (key.includes(":") ? key : `${project}:${key}`);
    const put = (key: string, value: unknown) => {
        const full = qualify(key);
        if (value && typeof value === "object" && !Array.isArray(value) && "secure" in (value as object)) {
            config[full] = secretPlaceholder(full);
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

/** `plain` (deserialized, unknowns dropped) with the UNKNOWN sentinel put back wherever `raw` has it. */
function restoreUnknowns(plain: unknown, raw: unknown): unknown {
    if (raw === UNKNOWN) return UNKNOWN;
    if (Array.isArray(raw)) return raw.map((r, i) => restoreUnknowns(Array.isArray(plain) ? plain[i] : undefined, r));
    if (raw && typeof raw === "object" && !(SIG_KEY in raw) && (plain === undefined || (typeof plain === "object" && plain !== null))) {
        const p = (plain ?? {}) as Record<string, unknown>;
        const out: Record<string, unknown> = { ...p };
        for (const [k, v] of Object.entries(raw)) {
            const restored = restoreUnknowns(p[k], v);
            if (restored !== undefined) out[k] = restored;
        }
        return out;
    }
    return plain;
}

/**
 * Secure config values cannot be decrypted offline: the program gets a placeholder. Say which resources
 * carry one, so no check on them passes unnoticed because it judged the placeholder instead of the secret.
 */
function secretNotices(secretKeys: string[], config: Record<string, string>, resources: CapturedResource[]): string[] {
    // Each resource's inputs as text once, for all the keys (not once per key).
    let texts: string[] | undefined;
    return secretKeys.map((key) => {
        const placeholder = config[key] === secretPlaceholder(key) ? config[key] : undefined;
        if (placeholder !== undefined) texts ??= resources.map((r) => JSON.stringify(r.rawInputs));
        const carriers = resources.filter((r, i) => placeholder !== undefined && texts![i].includes(placeholder)).map((r) => `${r.type} ${r.name}`);
        return carriers.length > 0
            ? `secret config ${key} cannot be decrypted offline: checks reading it on ${carriers.join(", ")} could not judge it (given to the policies as unknown)`
            : `secret config ${key} cannot be decrypted offline (no resource input carries it)`;
    });
}

/**
 * A value holding a secret's placeholder becomes unknown for the policies: a check must not pass (or
 * fail) offline on the placeholder text instead of the secret; unknown, it is skipped and says so.
 */
function hidePlaceholders(value: unknown, placeholders: string[]): unknown {
    if (typeof value === "string") return placeholders.some((p) => value.includes(p)) ? UNKNOWN : value;
    if (Array.isArray(value)) return value.map((v) => hidePlaceholders(v, placeholders));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hidePlaceholders(v, placeholders)]));
    return value;
}

/**
 * A stack reference whose outputs the plan was not given resolves them unknown. In update mode the SDK
 * turns unknowns into `undefined` (a real update always reads the other stack), which would crash
 * `requireOutput`: there, getOutput/requireOutput answer an unknown Output instead, as in a preview.
 */
function unknownStackReferenceOutputs(): void {
    const proto = pulumi.StackReference.prototype as any;
    if (proto.__offlinePlanPatched) return;
    const unknown = () => new (pulumi as any).Output(new Set(), Promise.resolve(undefined), Promise.resolve(false), Promise.resolve(false), Promise.resolve(new Set()));
    for (const method of ["getOutput", "requireOutput"]) {
        const original = proto[method];
        proto[method] = function (this: pulumi.StackReference, name: pulumi.Input<string>) {
            return this.outputs.apply((outputs) => (outputs === undefined || outputs === null ? unknown() : original.call(this, name)));
        };
    }
    proto.__offlinePlanPatched = true;
}

/**
 * A program can leave promises pending forever (an input awaiting a promise that never settles, a cycle
 * between resources). The Pulumi CLI notices when the program's process runs out of work; in-process the
 * policy pack's server keeps the event loop busy, so a run that makes no progress for `seconds` fails,
 * naming the resource registrations the SDK still has pending and what each waits on.
 */
const STALLED = "the program left promises pending";

function stallWatchdog(seconds: number, progress: () => number): { stalled: Promise<never>; stop: () => void } {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
        let last = progress();
        let quietSince = Date.now();
        timer = setInterval(() => {
            const now = progress();
            if (now !== last) {
                last = now;
                quietSince = Date.now();
            } else if (Date.now() - quietSince >= seconds * 1000) {
                clearInterval(timer);
                const pending = [...(require("@pulumi/pulumi/runtime/state").getPendingResourceRegistrations() as Map<unknown, any>).values()];
                const list = pending.map((reg) => `"${reg.name}" [${reg.type}] (${reg.inputProperty ? `input ${reg.inputProperty}` : reg.phase ?? "pending"})`);
                reject(
                    new Error(
                        `${STALLED}: no progress for ${seconds} s` +
                            (list.length > 0 ? `; resource registrations that never completed: ${list.join(", ")}` : "") +
                            ". An input or dependency awaits a promise or output that never resolves, or resources depend on each other in a cycle.",
                    ),
                );
            }
        }, 250);
        timer.unref();
    });
    stalled.catch(() => undefined);
    return { stalled, stop: () => clearInterval(timer) };
}

/** The first frame of an error's stack in the program's own code (not node_modules, not this tool). */
function programFrame(err: unknown): string | undefined {
    const stack = err instanceof Error ? (err.stack ?? "") : "";
    const tools = path.resolve(__dirname, "..") + path.sep;
    for (const line of stack.split("\n").slice(1)) {
        const m = /(?:\(|^at )((?:file:\/\/)?\/[^()]+?):(\d+):(\d+)\)?$/.exec(line.trim());
        if (!m) continue;
        const file = m[1].replace(/^file:\/\//, "");
        if (file.includes(`${path.sep}node_modules${path.sep}`) || file.startsWith(tools)) continue;
        return `${file}:${m[2]}:${m[3]}`;
    }
    return undefined;
}

/** A register request's providers map as package -> provider URN (references end in `::<id>`). */
function providerUrns(map: { forEach(cb: (v: string, k: string) => void): void }): Record<string, string> | undefined {
    const out: Record<string, string> = {};
    map.forEach((ref, pkg) => {
        out[pkg] = ref.split("::").slice(0, -1).join("::");
    });
    return Object.keys(out).length > 0 ? out : undefined;
}

interface RunContext {
    stack: string;
    project: string;
    preview: boolean;
    region: string;
    config: Record<string, string>;
    notices: string[];
}

/**
 * A component's providers as the engine resolves them (pulumi/pulumi source_eval.go RegisterResource):
 * a component whose parent is a component inherits the parent's providers map, its own entries first.
 */
function componentProviders(r: CapturedResource, byUrn: Map<string, CapturedResource>): Record<string, string> {
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    const inherited = parent && !parent.custom ? componentProviders(parent, byUrn) : {};
    return { ...inherited, ...(r.providers ?? {}) };
}

/**
 * The children of remote components, which a real run analyses and mocks never create: awsx:ec2:Vpc's
 * are reproduced (awsxVpc.ts), each placed after its component; any other remote component is reported.
 */
function withRemoteChildren(resources: CapturedResource[], ctx: RunContext): CapturedResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const unchecked: string[] = [];
    const out: CapturedResource[] = [];
    for (const r of resources) {
        out.push(r);
        if (!r.remote) continue;
        if (r.type !== "awsx:ec2:Vpc") {
            unchecked.push(`${r.type} ${r.name}`);
            continue;
        }
        const providerUrn = componentProviders(r, byUrn).aws ?? r.provider;
        const provider = providerUrn ? byUrn.get(providerUrn) : undefined;
        const meta: ProviderMeta = provider ? (provider.rawInputs as ProviderMeta) : { region: ctx.config["aws:region"], defaultTags: ctx.config["aws:defaultTags"], ignoreTags: ctx.config["aws:ignoreTags"] };
        const region = typeof meta.region === "string" ? meta.region : ctx.region;
        const { children, notReproduced } = awsxVpcChildSpecs(r.name, r.rawInputs, region, ctx.preview);
        const urnByKey = new Map<string, string>();
        for (const spec of children) {
            const parent = spec.parent ? urnByKey.get(spec.parent)! : r.urn;
            const urn = engineUrn(ctx.stack, ctx.project, parent, spec.type, spec.name);
            urnByKey.set(childKey(spec, r.name), urn);
            const propertyDependencies = Object.fromEntries(Object.entries(spec.refs).map(([k, keys]) => [k, keys.map((key) => urnByKey.get(key)!)]));
            const state = childState(spec, meta, region, MOCK_ACCOUNT_ID, ctx.preview);
            out.push({
                urn,
                type: spec.type,
                name: spec.name,
                custom: true,
                parent,
                provider: providerUrn,
                rawInputs: state.inputs,
                programInputs: spec.inputs,
                rawOutputs: state.outputs,
                protect: false,
                retainOnDelete: false,
                ignoreChanges: [],
                additionalSecretOutputs: [],
                aliases: [],
                dependencies: [...new Set([parent, ...Object.values(propertyDependencies).flat()])],
                propertyDependencies,
            });
        }
        if (notReproduced.length > 0) ctx.notices.push(`awsx:ec2:Vpc ${r.name}: not reproduced offline, so not checked: ${notReproduced.join(", ")}`);
    }
    if (unchecked.length > 0) {
        ctx.notices.push(`the resources of ${unchecked.length} remote component(s) are not checked offline (their provider creates them in a real run): ${unchecked.join(", ")}`);
    }
    return out;
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

/**
 * Each run executes the program's own modules afresh, as a new `pulumi up` process would; the packages it
 * depends on stay loaded from one run to the next (@pulumi/aws, and equally a workspace package such as
 * @mlplatform/components, whose files Node caches under their real path outside node_modules). Those hold no
 * per-run state (they read config and stack only when the program calls them), and evaluating the
 * components' schemas again was about 15% of every stack run in the test suite.
 */
function clearProgramModules(projectDir: string): void {
    const root = path.resolve(projectDir) + path.sep;
    for (const id of Object.keys(require.cache)) {
        if (id.includes(`${path.sep}node_modules${path.sep}`)) continue;
        if ((id.startsWith(root) || programModules.has(id)) && !dependencyPackageOf(id, projectDir)) delete require.cache[id];
    }
}

/** Per package directory and project: whether the project reaches it through node_modules (a linked dependency). */
const linkedDependencies = new Map<string, boolean>();

/**
 * Whether `file` belongs to a package the project at `projectDir` resolves through a node_modules link
 * (npm workspaces link `node_modules/<name>` to the package's own directory), rather than to the program.
 */
function dependencyPackageOf(file: string, projectDir: string): boolean {
    const pkgDir = nearestPackageDir(path.dirname(file));
    if (!pkgDir) return false;
    const key = `${pkgDir}\0${projectDir}`;
    let linked = linkedDependencies.get(key);
    if (linked === undefined) {
        linked = linkedFrom(projectDir, packageName(pkgDir), pkgDir);
        linkedDependencies.set(key, linked);
    }
    return linked;
}

/** Whether a `node_modules/<name>` of `projectDir` or of a folder above it is `pkgDir`, as Node resolves `name`. */
function linkedFrom(projectDir: string, name: string | undefined, pkgDir: string): boolean {
    if (!name) return false;
    for (let dir = path.resolve(projectDir); ; dir = path.dirname(dir)) {
        const entry = path.join(dir, "node_modules", name);
        if (fs.existsSync(entry)) return fs.realpathSync(entry) === pkgDir; // Node stops at the first it finds
        if (path.dirname(dir) === dir) return false;
    }
}

/** A package.json's name; undefined when it has none or cannot be read (its files then count as the program's). */
function packageName(pkgDir: string): string | undefined {
    try {
        const name = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).name;
        return typeof name === "string" && name !== "" ? name : undefined;
    } catch {
        return undefined;
    }
}

/** By a module's directory: its package's directory (looked up once per directory, not once per run). */
const packageDirs = new Map<string, string | undefined>();

function nearestPackageDir(dir: string): string | undefined {
    if (packageDirs.has(dir)) return packageDirs.get(dir);
    let found: string | undefined;
    for (let d = dir; ; d = path.dirname(d)) {
        if (fs.existsSync(path.join(d, "package.json"))) {
            found = d;
            break;
        }
        if (path.dirname(d) === d) break;
    }
    packageDirs.set(dir, found);
    return found;
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
    /** Outputs of the stacks the program references (`org/project/stack` -> outputs); others are unknown. */
    stackOutputs?: Record<string, Record<string, unknown>>;
    /** Seconds without progress after which a run that leaves promises pending fails (default 30, or PLAN_STALL_SECONDS). */
    stallSeconds?: number;
}

/** Runs one program file for one stack, with the config of its Pulumi.<stack>.yaml. */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
    provideFsPromisesGlob();
    unknownStackReferenceOutputs();
    const files = readStackFiles(options.program, options.stack);
    const config = { ...files.config };
    for (const [key, v] of Object.entries(options.configOverrides ?? {})) {
        // Like `pulumi config`, a key without a namespace belongs to the project.
        const k = key.includes(":") ? key : `${files.project}:${key}`;
        if (v === undefined) delete config[k];
        else config[k] = v;
    }
    const programPath = path.resolve(options.program);
    const run = (stackTraces: boolean) =>
        runUnderMocks(
            { project: files.project, stack: options.stack, config, secretKeys: files.secretKeys, preview: options.preview ?? false, stackTags: files.stackTags, stackTraces, stackOutputs: options.stackOutputs },
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
    // As the Pulumi CLI: the program runs in its project directory, so its relative paths (assets,
    // `fs.readdirSync("www")`) and its package.json (Lambda packaging) are its own.
    const cwd = process.cwd();
    process.chdir(files.projectDir);
    try {
        return await run(false);
    } catch (err) {
        // A stalled program is not re-run: it would stall again, and has no failing line.
        if (!(err instanceof ProgramError) || err.kind !== "program" || err.location || err.message.includes(STALLED)) throw err;
        // Plans run without stack traces (they cost a third of the run); a failing program runs once more
        // with them to say where it failed.
        const located = await run(true).then(
            () => undefined,
            (again: unknown) => (again instanceof ProgramError ? again.location : undefined),
        );
        if (!located) throw err;
        const shown = path.isAbsolute(located) ? path.relative(cwd, located) : located;
        throw new ProgramError(`${err.message}\n    at ${shown}`, err.kind, err.registered, shown);
    } finally {
        process.chdir(cwd);
    }
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
    /** Capture stack traces (source-mapped), to locate a failure in the program; slower. */
    stackTraces?: boolean;
    /** Seconds without progress after which a run that leaves promises pending fails (default 30, or PLAN_STALL_SECONDS). */
    stallSeconds?: number;
    /** Outputs of the stacks the program references (`org/project/stack` -> outputs); others are unknown. */
    stackOutputs?: Record<string, Record<string, unknown>>;
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

/** What the mocks and the monitor interception share during one run. */
interface MockState {
    /** The checked inputs of the registration in progress, handed from the interception to `newResource`. */
    checking?: { type: string; name: string; checked: Record<string, unknown> };
    unknownInvokes: Set<string>;
    unknownStackReferences: Set<string>;
}

/**
 * The mocked provider: a new resource's state is its checked inputs plus what AWS computes (update) or
 * the provider's planned state (preview); stack references answer the given outputs, else unknown.
 */
function offlineMocks(options: InlineRunOptions, region: string, state: MockState): pulumi.runtime.Mocks {
    const preview = options.preview ?? false;
    return {
        newResource: (args) => {
            if (args.type === "pulumi:pulumi:StackReference") {
                // Another stack's outputs: given with --stack-outputs, else unknown, and reported.
                const referenced = String(args.inputs.name ?? args.id ?? args.name);
                const given = options.stackOutputs?.[referenced];
                if (!given) state.unknownStackReferences.add(referenced);
                return { id: referenced, state: { name: referenced, outputs: given ?? UNKNOWN, secretOutputNames: [] } };
            }
            const checking = state.checking;
            const raw = checking && checking.type === args.type && checking.name === args.name ? checking.checked : args.inputs;
            state.checking = undefined;
            // args.inputs has unknowns dropped; put them back where the checked inputs have them.
            const inputs = restoreUnknowns(args.inputs, raw) as Record<string, unknown>;
            const { id, outputs } = computedOutputs({ ...args, inputs }, region);
            if (!preview) return { id, state: { ...inputs, ...outputs } };
            // Preview: a new resource's outputs are the provider's planned state: what the inputs set,
            // and every value the provider computes unknown (pulumi-terraform-bridge Create, preview).
            return { id: undefined as unknown as string, state: plannedState(args.type, inputs, Object.keys(outputs)) };
        },
        call: (args) => mockCall(args, region, (token) => state.unknownInvokes.add(token)),
    };
}

/**
 * Intercepts the mock monitor: engine-style URNs; the provider's Check on each custom resource's inputs
 * before the mocked provider sees them (the mock monitor calls `newResource` synchronously from its
 * registerResource, so the checked inputs are handed over in `state.checking`); and a record of every
 * registration with the options the engine would see, which the `newResource` mock never gets.
 */
function interceptMonitor(
    monitor: any,
    run: { stack: string; project: string; config: Record<string, string> },
    state: MockState,
): { captured: Map<string, CapturedResource>; stackOutputsByUrn: Map<string, Record<string, unknown>> } {
    const captured = new Map<string, CapturedResource>();
    monitor.newUrn = (parent: string, type: string, name: string) => engineUrn(run.stack, run.project, parent, type, name);
    const register = monitor.registerResource.bind(monitor);
    /** The provider config Check reads: the explicit provider's inputs, or the stack's `<package>:*` config. */
    const providerMeta = (type: string, providerRef: string): ProviderMeta => {
        const explicit = providerRef ? captured.get(providerRef.split("::").slice(0, -1).join("::")) : undefined;
        if (explicit) return explicit.rawInputs as ProviderMeta;
        const pkg = type.split(":")[0];
        return { region: run.config[`${pkg}:region`], defaultTags: run.config[`${pkg}:defaultTags`], ignoreTags: run.config[`${pkg}:ignoreTags`] };
    };
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) => {
        const programInputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
        // What the request holds after Check, decoded (the same object when Check changed nothing).
        let rawInputs = programInputs;
        if (req.getCustom()) {
            const checked = checkInputs(req.getType(), req.getName(), programInputs, providerMeta(req.getType(), req.getProvider() ?? ""));
            if (checked !== programInputs) rawInputs = setCheckedInputs(req, programInputs, checked);
            state.checking = { type: req.getType(), name: req.getName(), checked };
        } else {
            state.checking = undefined;
        }
        register(req, (err: any, resp: any) => {
            if (!err && resp) captured.set(resp.getUrn(), capturedResource(req, resp, programInputs, rawInputs));
            callback(err, resp);
        });
    };
    const stackOutputsByUrn = new Map<string, Record<string, unknown>>();
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: any, resp: any) => void) => {
        stackOutputsByUrn.set(req.getUrn(), (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
        registerOutputs(req, callback);
    };
    return { captured, stackOutputsByUrn };
}

/**
 * Puts the provider's Check result into a register request whose inputs decoded to `before`: only the
 * fields Check set or changed (the autonamed `name`, `region`, `tagsAll`) are encoded, not the whole inputs
 * again, and the request then holds what `Struct.fromJavaScript(checked)` would. Returns the request's
 * inputs as `toJavaScript()` would decode them (keys in the Struct's order), decoding only those fields.
 */
export function setCheckedInputs(req: any, before: Record<string, unknown>, checked: Record<string, unknown>): Record<string, unknown> {
    let struct = req.getObject() as structproto.Struct | undefined;
    if (!struct) {
        struct = new structproto.Struct();
        req.setObject(struct);
    }
    const fields = struct.getFieldsMap();
    const changed = new Set<string>();
    for (const [key, value] of Object.entries(checked)) {
        if (value === before[key] && key in before) continue;
        fields.set(key, structproto.Value.fromJavaScript(value as any));
        changed.add(key);
    }
    for (const key of Object.keys(before)) if (!(key in checked)) fields.del(key);
    const decoded: Record<string, unknown> = {};
    fields.forEach((value, key) => {
        decoded[key] = changed.has(key) ? value.toJavaScript() : before[key];
    });
    return decoded;
}

/** A registration as the engine records it, from the request and the mocked response. */
function capturedResource(req: any, resp: any, programInputs: Record<string, unknown>, rawInputs: Record<string, unknown>): CapturedResource {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v: any, k: string) => {
        propertyDependencies[k] = v.getUrnsList();
    });
    const providerRef: string = req.getProvider() ?? "";
    return {
        urn: resp.getUrn(),
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        remote: req.getRemote() || undefined,
        providers: providerUrns(req.getProvidersMap()),
        parent: req.getParent() || undefined,
        provider: providerRef ? providerRef.split("::").slice(0, -1).join("::") : undefined,
        version: req.getVersion() || undefined,
        rawInputs,
        programInputs,
        rawOutputs: (resp.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
        ignoreChanges: req.getIgnorechangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        aliases: req.getAliasesList().map((a: any) => aliasUrn(a, req, resp.getUrn())),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
    };
}

/**
 * The URN an alias names, resolved as the engine does: an alias spec (what the SDK sends when the monitor
 * supports alias specs, as the mocks do) defaults its name, type, stack, project and parent to the resource's own.
 */
function aliasUrn(alias: any, req: any, urn: string): string {
    if (alias.getUrn()) return alias.getUrn();
    const spec = alias.getSpec();
    const [, stack, project] = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(urn) ?? [];
    const parent = spec.getNoparent() ? undefined : spec.getParenturn() || req.getParent() || undefined;
    return engineUrn(spec.getStack() || stack, spec.getProject() || project, parent, spec.getType() || req.getType(), spec.getName() || req.getName());
}

async function runNow(options: InlineRunOptions, entry: () => unknown): Promise<ProgramRun> {
    const preview = options.preview ?? false;
    const config = { ...(options.config ?? {}) };
    const region = config["aws:region"] ?? "us-east-1";
    const { project, stack } = options;

    pulumi.runtime.setAllConfig(config, options.secretKeys ?? []);
    const state: MockState = { unknownInvokes: new Set(), unknownStackReferences: new Set() };
    await pulumi.runtime.setMocks(offlineMocks(options, region, state), project, stack, preview);
    const { captured, stackOutputsByUrn } = interceptMonitor(pulumi.runtime.getMonitor(), { stack, project, config }, state);
    takePlanReport();

    const notices: string[] = [];
    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    // Pulumi records a stack trace for every promise and resource (leak and source-position debugging
    // the offline plan never shows); capturing none roughly halves the cost of running a program.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = options.stackTraces ? 50 : 0;
    if (options.stackTraces) process.setSourceMapsEnabled(true);
    let stackOutputs: Record<string, unknown> = {};
    let planReport: PlanReport | undefined;
    try {
        const watchdog = stallWatchdog(options.stallSeconds ?? Number(process.env.PLAN_STALL_SECONDS ?? 30), () => captured.size + stackOutputsByUrn.size);
        const outputs = await Promise.race([
            (async () => {
                const result = await pulumi.runtime.runInPulumiStack(async () => entry());
                // Not in the typings (internal), but it is how the language host waits for pending registrations.
                await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
                return result;
            })(),
            watchdog.stalled,
        ]).finally(watchdog.stop);
        const stackResource = [...captured.values()].find((r) => r.type === "pulumi:pulumi:Stack");
        // The stack's registered outputs keep secrets wrapped, unlike the plain values `outputs` resolves to.
        stackOutputs = stackResource ? (stackOutputsByUrn.get(stackResource.urn) ?? {}) : ((outputs ?? {}) as Record<string, unknown>);
    } catch (err) {
        failures.unshift(err);
    } finally {
        planReport = takePlanReport();
        Error.stackTraceLimit = stackTraceLimit;
        process.off("unhandledRejection", onRejection);
    }
    if (failures.length > 0) {
        const registered = [...captured.values()].map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack");
        const first = failures[0] as Error;
        const configError = failures.find((f: any) => f?.name === "ConfigError") as Error | undefined;
        if (configError) throw new ProgramError(configError.message, "config", registered);
        const message = first instanceof Error ? first.message : String(first);
        throw new ProgramError(`The program failed: ${message}`, "program", registered, options.stackTraces ? programFrame(first) : undefined);
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

    const resources = withRemoteChildren([...captured.values()], { stack, project, preview, region, config, notices }).map((r) => ({
        ...r,
        rawInputs: analyzerShape(r.rawInputs) as Record<string, unknown>,
        programInputs: r.programInputs && (analyzerShape(r.programInputs) as Record<string, unknown>),
        rawOutputs: analyzerShape(r.rawOutputs) as Record<string, unknown>,
    }));
    for (const ref of state.unknownStackReferences) {
        notices.push(`outputs of stack reference ${ref} unknown offline (give them with --stack-outputs ${ref}=<file.json>): checks reading them were skipped`);
    }
    for (const token of state.unknownInvokes) notices.push(`value of ${token} unknown offline: checks reading it were skipped`);
    notices.push(...secretNotices(options.secretKeys ?? [], config, resources));
    const placeholders = (options.secretKeys ?? []).map(secretPlaceholder).filter((p) => Object.values(config).includes(p));
    if (placeholders.length > 0) {
        for (const r of resources) {
            r.rawInputs = hidePlaceholders(r.rawInputs, placeholders) as Record<string, unknown>;
            r.rawOutputs = hidePlaceholders(r.rawOutputs, placeholders) as Record<string, unknown>;
        }
    }
    const stackTags = options.stackTags ?? { "pulumi:project": project, "pulumi:runtime": "nodejs" };
    return { project, stack, preview, config, stackTags, resources, outputs: displayValue(stackOutputs) as Record<string, unknown>, notices, ...(planReport ? { planReport } : {}) };
}
