import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import { InitialPolicyConfig, PackConfigReconciler, PolicyConfigError } from "./packConfig";
import { CapturedResource, ProgramRun } from "./runProgram";

/**
 * Runs a real CrossGuard policy pack the way `pulumi preview --policy-pack` does: the pack's own program
 * starts its analyzer gRPC server (as under the CLI), and this client speaks the engine's side of the
 * protocol to it (in this process, every message encoded and decoded as over gRPC; or over loopback gRPC): GetAnalyzerInfo, Configure (schema defaults + overrides), ConfigureStack, Analyze for
 * each resource's inputs, and AnalyzeStack over the whole stack. Policies therefore receive exactly the
 * arguments the engine builds (unknown-value proxies, notApplicable, stackTags, getConfig, provider).
 */

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "" | "low" | "medium" | "high" | "critical";

export interface PolicyInfo {
    name: string;
    /** Resource policies judge one resource at a time; stack policies the whole stack. */
    kind: "resource" | "stack";
    description: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    configSchema?: { properties: Record<string, any>; required: string[] };
}

export interface Violation {
    policy: string;
    level: EnforcementLevel;
    severity: Severity;
    urn: string;
    message: string;
}

/** Per-policy configuration as in a `--policy-pack-config` file: `{policy: level | {enforcementLevel, ...}}`. */
export type PolicyPackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];
const SEVERITIES: Severity[] = ["", "low", "medium", "high", "critical"];

function levelToProto(level: EnforcementLevel): number {
    return LEVELS.indexOf(level);
}

function unary<Req, Res>(client: any, method: string, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        client[method](req, (err: grpc.ServiceError | null, res: Res) => (err ? reject(err) : resolve(res)));
    });
}

function options(r: CapturedResource): analyzerproto.AnalyzerResourceOptions {
    const o = new analyzerproto.AnalyzerResourceOptions();
    o.setProtect(r.protect);
    o.setIgnorechangesList(r.ignoreChanges);
    o.setAdditionalsecretoutputsList(r.additionalSecretOutputs);
    o.setAliasesList(r.aliases);
    if (r.deleteBeforeReplace !== undefined) {
        o.setDeletebeforereplacedefined(true);
        o.setDeletebeforereplace(r.deleteBeforeReplace);
    }
    if (r.parent) o.setParent(r.parent);
    return o;
}

/**
 * The provider the engine would name for a resource: its explicit provider, or else the package's
 * default provider, whose inputs are the stack's `<package>:*` config (e.g. `aws:region`, `aws:defaultTags`).
 */
function providerOf(r: CapturedResource, byUrn: Map<string, CapturedResource>, run: ProgramRun): analyzerproto.AnalyzerProviderResource | undefined {
    const msg = new analyzerproto.AnalyzerProviderResource();
    const explicit = r.provider ? byUrn.get(r.provider) : undefined;
    if (explicit) {
        msg.setType(explicit.type);
        msg.setName(explicit.name);
        msg.setUrn(explicit.urn);
        msg.setProperties(structproto.Struct.fromJavaScript(explicit.rawInputs as any));
        return msg;
    }
    const pkg = r.type.split(":")[0];
    if (!r.custom || pkg === "pulumi") return undefined;
    const props = Object.fromEntries(
        Object.entries(run.config)
            .filter(([k]) => k.startsWith(`${pkg}:`))
            .map(([k, v]) => [k.slice(pkg.length + 1), v]),
    );
    // The engine names a default provider after the package version: default_7_48_0.
    const name = r.version ? `default_${r.version.replace(/[.-]/g, "_")}` : "default";
    msg.setType(`pulumi:providers:${pkg}`);
    msg.setName(name);
    msg.setUrn(`urn:pulumi:${run.stack}::${run.project}::pulumi:providers:${pkg}::${name}`);
    msg.setProperties(structproto.Struct.fromJavaScript(props));
    return msg;
}

/** The fields AnalyzeRequest and AnalyzerResource share, filled from a captured resource. */
function describeResource<M extends analyzerproto.AnalyzeRequest | analyzerproto.AnalyzerResource>(
    msg: M,
    r: CapturedResource,
    properties: Record<string, unknown>,
    byUrn: Map<string, CapturedResource>,
    run: ProgramRun,
): M {
    msg.setType(r.type);
    msg.setName(r.name);
    msg.setUrn(r.urn);
    msg.setProperties(structproto.Struct.fromJavaScript(properties as any));
    msg.setOptions(options(r));
    const provider = providerOf(r, byUrn, run);
    if (provider) msg.setProvider(provider);
    return msg;
}

/** A remediation the engine would apply: the policy's result replaces the resource's inputs. */
export interface Remediation {
    urn: string;
    policy: string;
}

/** Stable order: by policy, then resource, then message. */
function byPolicyUrnMessage(a: Violation, b: Violation): number {
    return a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn) || a.message.localeCompare(b.message);
}

let running: { dir: string; pack: LocalPolicyPack } | undefined;
/**
 * A pack whose module loaded but which then failed to start (no analyzer within 30 s, or an analyzer that
 * could not describe itself). Its module stays loaded, so requiring it again would start nothing and a
 * second start would wait 30 s for a port that never comes: it fails at once instead, with the first error.
 */
let failedStart: { dir: string; error: unknown } | undefined;

/** A gRPC service definition: per method, the functions that encode and decode its messages. */
type ServiceDefinition = Record<string, { requestSerialize(m: any): Buffer; requestDeserialize(b: Buffer): any; responseSerialize(m: any): Buffer; responseDeserialize(b: Buffer): any }>;
type Handlers = Record<string, (call: { request: unknown }, callback: (err: any, res?: any) => void) => void>;

/**
 * The pack's analyzer, called in this process without the transport. Each call goes through the same
 * encoding as over gRPC: the request is encoded with this side's classes and decoded with the pack's (its
 * service definition), the answer the other way round, so values survive (or not) exactly as between the
 * CLI and the pack; an error reaches the caller as grpc-js would deliver it (`<code> <STATUS>: <details>`,
 * grpc-js serverErrorToStatus and callErrorFromStatus). Only the loopback HTTP/2 connection is left out:
 * its cost is the CLI's, not the pack's. Answers of Analyze and AnalyzeStack are counted as `wire` does.
 */
function inProcessAnalyzerClient(packService: ServiceDefinition, handlers: Handlers, counter: { responseBytes: number }): any {
    const ours = (analyzerrpc as any).AnalyzerService as ServiceDefinition;
    const client: Record<string, (req: unknown, callback: (err: grpc.ServiceError | null, res?: unknown) => void) => void> = {};
    for (const method of Object.keys(ours)) {
        client[method] = (req, callback) => {
            const request = packService[method].requestDeserialize(ours[method].requestSerialize(req));
            handlers[method]({ request }, (err, res) => {
                if (err) {
                    const code = typeof err.code === "number" && Number.isInteger(err.code) ? err.code : grpc.status.UNKNOWN;
                    const details = code === err.code && typeof err.details === "string" ? err.details : "message" in err ? err.message : "Unknown Error";
                    callback(Object.assign(new Error(`${code} ${grpc.status[code]}: ${details}`), { code, details, metadata: new grpc.Metadata() }));
                    return;
                }
                const wire = packService[method].responseSerialize(res);
                if (method === "analyze" || method === "analyzeStack") counter.responseBytes += wire.length;
                callback(null, ours[method].responseDeserialize(wire));
            });
        };
    }
    return client;
}

/**
 * Requires the pack's entry point, which constructs its PolicyPack and so starts its analyzer (pulumi-policy
 * server.ts serve()), and captures the service implementation it registers with its gRPC server. The server
 * still binds and prints its port, as under the CLI; the caller reads the port to know the pack started.
 */
/** The folder of the @pulumi/policy a pack in `packDir` loads (a pack with its own dependencies, like tools/awsguard, has its own copy). */
export function policySdkDir(packDir: string): string {
    return path.dirname(require.resolve("@pulumi/policy", { paths: [packDir] }));
}

function requireCapturingAnalyzer(dir: string): { service?: ServiceDefinition; handlers?: Handlers } {
    const captured: { service?: ServiceDefinition; handlers?: Handlers } = {};
    let server: any;
    try {
        // The pack's own @grpc/grpc-js, next to its own @pulumi/policy.
        server = require(require.resolve("@grpc/grpc-js", { paths: [policySdkDir(dir)] })).Server;
    } catch {
        server = undefined; // no @pulumi/policy next to the pack: its require below reports what is missing
    }
    const addService = server?.prototype.addService;
    if (server) {
        server.prototype.addService = function capture(this: unknown, service: ServiceDefinition, handlers: Handlers) {
            if (service.analyze && service.analyzeStack) Object.assign(captured, { service, handlers });
            return addService.call(this, service, handlers);
        };
    }
    try {
        require(dir);
    } finally {
        if (server) server.prototype.addService = addService;
    }
    return captured;
}

/**
 * Loads the pack's entry point in its directory (PolicyPack reads its version from package.json in the
 * working directory, as under the CLI) and waits for the port its analyzer prints on stdout for the CLI,
 * reading it instead of printing it. `loading.loaded` says whether the module loaded, even when no port
 * follows: such a pack stays loaded and cannot be started again in this process.
 */
async function loadAnalyzer(dir: string, loading: { loaded: boolean }): Promise<{ port: string; captured: ReturnType<typeof requireCapturingAnalyzer> }> {
    let captured: ReturnType<typeof requireCapturingAnalyzer> = {};
    const port = await new Promise<string>((resolve, reject) => {
        const log = console.log;
        const timer = setTimeout(() => {
            console.log = log;
            reject(new Error(`The policy pack in ${dir} did not start its analyzer within 30 s`));
        }, 30_000);
        console.log = (...args: unknown[]) => {
            const text = args.map(String).join(" ").trim();
            if (/^\d+$/.test(text)) {
                clearTimeout(timer);
                console.log = log;
                resolve(text);
            } else {
                log(...args);
            }
        };
        const cwd = process.cwd();
        try {
            process.chdir(dir);
            captured = requireCapturingAnalyzer(dir);
            loading.loaded = true;
        } catch (err) {
            clearTimeout(timer);
            console.log = log;
            reject(err);
        } finally {
            process.chdir(cwd);
        }
    });
    return { port, captured };
}

/**
 * The analyzer client, counting the encoded bytes of Analyze and AnalyzeStack answers as they come off the
 * wire (before decoding): what the pack makes the engine receive and decode for a stack.
 */
function countingAnalyzerClient(counter: { responseBytes: number }): any {
    const service = (analyzerrpc as any).AnalyzerService;
    const counted = (method: any) => ({
        ...method,
        responseDeserialize: (wire: Buffer) => {
            counter.responseBytes += wire.length;
            return method.responseDeserialize(wire);
        },
    });
    return grpc.makeGenericClientConstructor({ ...service, analyze: counted(service.analyze), analyzeStack: counted(service.analyzeStack) }, "Analyzer");
}

export class LocalPolicyPack {
    /** Enforcement level each policy runs at, as last configured. */
    private levels = new Map<string, EnforcementLevel>();
    /**
     * For the last analysis: the URNs of the resources each resource policy applied to (neither disabled
     * nor reported not applicable); for a stack policy that ran, the stack's root URN.
     */
    lastApplied = new Map<string, Set<string>>();
    private reconciler?: PackConfigReconciler;
    private readonly wire: { responseBytes: number };

    /** Set by the first Configure (or its absence, for a pack without config support). */
    private configured = false;

    /**
     * Where the pack's analyzer listens (host:port): the pack serves gRPC as under the CLI even when this
     * process calls it without the transport, so `LocalPolicyPack.connect(address)` reaches the same pack
     * over real gRPC.
     */
    address = "";

    private constructor(
        private readonly client: any,
        wire: { responseBytes: number },
        readonly name: string,
        readonly version: string,
        readonly policies: PolicyInfo[],
        /** What GetAnalyzerInfo says of the pack's config: its initial config and whether it takes any. */
        private readonly wireInfo: { initialConfig: InitialPolicyConfig; supportsConfig: boolean },
    ) {
        this.wire = wire;
    }

    /** The engine configures every pack before its first analysis: with its reconciled defaults if nobody gave a config. */
    private async ensureConfigured(): Promise<void> {
        if (!this.configured) await this.configure({});
    }

    /** Closes a gRPC connection made by `connect` (an in-process client has none). */
    close(): void {
        this.client.close?.();
    }

    /** Encoded bytes of the Analyze and AnalyzeStack answers of the last analysis, as received. */
    get lastResponseBytes(): number {
        return this.wire.responseBytes;
    }

    /**
     * Starts the pack in `packDir` (its package.json main, as the CLI does: for ours main.js, which serves a fresh
     * build in bin/ or else index.ts). A process can serve one pack, as under the CLI, so a
     * second call for the same directory returns the running one. The pack's analyzer is called in this
     * process with gRPC's encoding and without its transport (inProcessAnalyzerClient), or with `transport:
     * "grpc"` over loopback gRPC as the CLI does.
     */
    static async start(packDir: string, options: { transport?: "in-process" | "grpc" } = {}): Promise<LocalPolicyPack> {
        const dir = path.resolve(packDir);
        if (running) {
            if (running.dir !== dir) throw new Error(`A policy pack (${running.dir}) is already running in this process; only one may be served`);
            return running.pack;
        }
        if (failedStart?.dir === dir) {
            const first = failedStart.error instanceof Error ? failedStart.error.message : String(failedStart.error);
            throw new Error(`The policy pack in ${dir} was loaded earlier in this process and failed to start: ${first}. A process loads a pack once: start it in a new process`);
        }
        const loading = { loaded: false };
        try {
            const { port, captured } = await loadAnalyzer(dir, loading);
            const address = `127.0.0.1:${port}`;
            const inProcess = options.transport !== "grpc" && captured.service && captured.handlers;
            const pack = inProcess ? await LocalPolicyPack.inProcess(captured.service!, captured.handlers!, address) : await LocalPolicyPack.connect(address);
            running = { dir, pack };
            return pack;
        } catch (err) {
            if (loading.loaded) failedStart = { dir, error: err };
            throw err;
        }
    }

    /**
     * Connects to a pack already serving its analyzer at `address` (host:port), as the engine does to a pack
     * started by the CLI's policy-pack runner in another process (configured before its first analysis, as
     * any pack). `close` ends the connection.
     */
    static async connect(address: string): Promise<LocalPolicyPack> {
        const wire = { responseBytes: 0 };
        const client = new (countingAnalyzerClient(wire))(address, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        });
        const pack = await LocalPolicyPack.withClient(client, wire);
        pack.address = address;
        return pack;
    }

    /** Talks to the analyzer a pack started in this process directly, with gRPC's encoding but no transport. */
    private static async inProcess(service: ServiceDefinition, handlers: Handlers, address: string): Promise<LocalPolicyPack> {
        const wire = { responseBytes: 0 };
        const pack = await LocalPolicyPack.withClient(inProcessAnalyzerClient(service, handlers, wire), wire);
        pack.address = address;
        return pack;
    }

    /**
     * Reads the pack's policies, as the engine does first. The pack is configured once, as the CLI does
     * (pulumi/pulumi pkg/engine/update.go LoadLocalPolicyPackAnalyzers): by `configure`, or with the
     * reconciled defaults before its first analysis if nobody configured it.
     */
    private static async withClient(client: any, wire: { responseBytes: number }): Promise<LocalPolicyPack> {
        const info = await unary<emptyproto.Empty, analyzerproto.AnalyzerInfo>(client, "getAnalyzerInfo", new emptyproto.Empty());
        const policies: PolicyInfo[] = info.getPoliciesList().map((p) => {
            const schema = p.getConfigschema();
            return {
                name: p.getName(),
                kind: p.getPolicyType() === analyzerproto.PolicyType.POLICY_TYPE_STACK ? ("stack" as const) : ("resource" as const),
                description: p.getDescription(),
                enforcementLevel: LEVELS[p.getEnforcementlevel()],
                severity: SEVERITIES[p.getSeverity()] ?? "",
                configSchema: schema
                    ? { properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, any>, required: schema.getRequiredList() }
                    : undefined,
            };
        });
        const initialConfig: InitialPolicyConfig = new Map();
        info.getInitialconfigMap().forEach((pc, name) => {
            initialConfig.set(name, { level: LEVELS[pc.getEnforcementlevel()], properties: (pc.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown> });
        });
        return new LocalPolicyPack(client, wire, info.getName(), info.getVersion(), policies, { initialConfig, supportsConfig: info.getSupportsconfig() });
    }

    /**
     * Sends the pack its configuration as the CLI does, once, reconciled as the engine does (schema defaults,
     * the pack's initial config, then the given one: `all`, then per-policy entries; validated against each
     * policy's schema). Throws PolicyConfigError for a config the engine would refuse; returns warnings for
     * names it would ignore. Configuring again (tests do) sends the new config, as a new run of the CLI would.
     */
    async configure(config: PolicyPackConfig): Promise<string[]> {
        if (!this.wireInfo.supportsConfig) {
            // As the engine: such a pack gets no Configure, and a config for it is an error.
            if (Object.keys(config).length > 0) throw new PolicyConfigError([`policy pack ${this.name} does not support config`]);
            this.levels = new Map(this.policies.map((p) => [p.name, p.enforcementLevel]));
            this.configured = true;
            return [];
        }
        this.reconciler ??= new PackConfigReconciler(this.policies, { initialConfig: this.wireInfo.initialConfig });
        const { policies, warnings } = this.reconciler.reconcile(config);
        const req = new analyzerproto.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, resolved] of policies) {
            const pc = new analyzerproto.PolicyConfig();
            this.levels.set(name, resolved.enforcementLevel);
            pc.setEnforcementlevel(levelToProto(resolved.enforcementLevel));
            pc.setProperties(structproto.Struct.fromJavaScript(resolved.properties as any));
            map.set(name, pc);
        }
        await unary(this.client, "configure", req);
        this.configured = true;
        return warnings;
    }

    /**
     * Runs the remediation policies (those configured with enforcement level `remediate`) over each
     * resource's inputs, as the engine does before it creates or updates a resource. Returns the changed
     * inputs by URN and the policies that changed them.
     */
    async remediate(run: ProgramRun): Promise<Array<{ urn: string; policy: string; properties: Record<string, unknown> }>> {
        await this.ensureConfigured();
        const results = await this.remediationsOf(run);
        return results.flatMap(({ r, list }) =>
            list.filter((m) => m.getProperties()).map((m) => ({ urn: r.urn, policy: m.getPolicyname() as string, properties: m.getProperties().toJavaScript() as Record<string, unknown> })),
        );
    }

    /** The pack's Remediate answer for every custom resource, as the engine asks before creating it. */
    private async remediationsOf(run: ProgramRun): Promise<Array<{ r: CapturedResource; list: any[] }>> {
        const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
        return Promise.all(
            run.resources
                .filter((r) => r.custom && !r.type.startsWith("pulumi:"))
                .map(async (r) => {
                    const req = describeResource(new analyzerproto.AnalyzeRequest(), r, r.rawInputs, byUrn, run);
                    const res = await unary<analyzerproto.AnalyzeRequest, any>(this.client, "remediate", req);
                    return { r, list: res.getRemediationsList() as any[] };
                }),
        );
    }

    /**
     * As the engine does for each resource (pulumi/pulumi step_generator.go): remediations first, each
     * one's properties replacing the inputs, then analysis of the remediated inputs, which are also what
     * gets deployed (so the outputs carry them too). A remediation's diagnostic is an advisory violation.
     */
    async remediateThenAnalyze(run: ProgramRun, extraStackTags: Record<string, string> = {}): Promise<{ run: ProgramRun; remediations: Remediation[]; violations: Violation[] }> {
        await this.ensureConfigured();
        await this.configureStack(run, extraStackTags);
        const diagnostics: Violation[] = [];
        const remediations: Remediation[] = [];
        const results = await this.remediationsOf(run);
        const remediated = new Map<string, Record<string, unknown>>();
        for (const { r, list } of results) {
            for (const m of list) {
                if (m.getDiagnostic()) {
                    diagnostics.push({ policy: m.getPolicyname(), level: "advisory", severity: "", urn: r.urn, message: m.getDiagnostic() });
                } else if (m.getProperties()) {
                    remediated.set(r.urn, m.getProperties().toJavaScript() as Record<string, unknown>);
                    remediations.push({ urn: r.urn, policy: m.getPolicyname() });
                }
            }
        }
        const resources = run.resources.map((r) => {
            const props = remediated.get(r.urn);
            return props ? { ...r, rawInputs: props, rawOutputs: { ...r.rawOutputs, ...props } } : r;
        });
        const after = { ...run, resources };
        const violations = [...(await this.analyzeConfigured(after)), ...diagnostics];
        return { run: after, remediations, violations: violations.sort(byPolicyUrnMessage) };
    }

    private async configureStack(run: ProgramRun, extraStackTags: Record<string, string>): Promise<void> {
        const stackTags = { ...run.stackTags, ...extraStackTags };
        const configureStack = new analyzerproto.AnalyzerStackConfigureRequest();
        configureStack.setStack(run.stack);
        configureStack.setProject(run.project);
        configureStack.setDryRun(run.preview);
        for (const [k, v] of Object.entries(stackTags)) configureStack.getTagsMap().set(k, v);
        await unary(this.client, "configureStack", configureStack);
    }

    /**
     * Runs every resource and stack policy over a captured program run. The engine asks about one resource
     * at a time: its step generator analyses each registration as it handles it, on the deployment
     * executor's single event loop (pulumi/pulumi pkg/resource/deploy/deployment_executor.go, Execute, and
     * step_generator.go, analyzeAll, which runs packs in parallel but one resource at a time). Asking the
     * same way keeps one answer in memory at a time, as in the pack's own process under the CLI.
     */
    async analyze(run: ProgramRun, extraStackTags: Record<string, string> = {}): Promise<Violation[]> {
        await this.ensureConfigured();
        await this.configureStack(run, extraStackTags);
        return this.analyzeConfigured(run);
    }

    /** analyze's work once the pack knows its config and the stack's (the engine sends ConfigureStack once). */
    private async analyzeConfigured(run: ProgramRun): Promise<Violation[]> {
        this.wire.responseBytes = 0;
        this.lastApplied = new Map(this.policies.map((p) => [p.name, new Set<string>()]));
        const violations: Violation[] = [];
        const stackPolicies = new Set(this.policies.filter((p) => p.kind === "stack").map((p) => p.name));
        const collect = (res: analyzerproto.AnalyzeResponse, kind: PolicyInfo["kind"], urn: string) => {
            const skipped = new Set(res.getNotApplicableList().map((n) => n.getPolicyName()));
            for (const p of this.policies) {
                if (p.kind === kind && this.levels.get(p.name) !== "disabled" && !skipped.has(p.name)) this.lastApplied.get(p.name)!.add(urn);
            }
            for (const d of res.getDiagnosticsList()) {
                const level = LEVELS[d.getEnforcementlevel()];
                violations.push({
                    policy: d.getPolicyname(),
                    // Stack policies cannot be remediated: the engine treats "remediate" as mandatory (step_generator.go).
                    level: level === "remediate" && stackPolicies.has(d.getPolicyname()) ? "mandatory" : level,
                    severity: SEVERITIES[d.getSeverity()] ?? "",
                    urn: d.getUrn() || (kind === "resource" ? urn : ""),
                    message: d.getMessage(),
                });
            }
        };

        const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
        // The engine asks the analyzer about every resource it registers: components, providers and the stack too.
        for (const r of run.resources) {
            // Resource policies judge the inputs, before the resource is created or updated.
            const req = describeResource(new analyzerproto.AnalyzeRequest(), r, r.rawInputs, byUrn, run);
            collect(await unary<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(this.client, "analyze", req), "resource", r.urn);
        }

        const stackReq = new analyzerproto.AnalyzeStackRequest();
        stackReq.setResourcesList(
            run.resources.map((r) => {
                // Stack policies judge the outputs, after the deployment.
                const msg = describeResource(new analyzerproto.AnalyzerResource(), r, r.rawOutputs, byUrn, run);
                if (r.parent) msg.setParent(r.parent);
                msg.setDependenciesList(r.dependencies);
                for (const [k, urns] of Object.entries(r.propertyDependencies)) {
                    // As the engine: properties with no dependencies are left out (analyzer_plugin.go).
                    if (urns.length === 0) continue;
                    const deps = new analyzerproto.AnalyzerPropertyDependencies();
                    deps.setUrnsList(urns);
                    msg.getPropertydependenciesMap().set(k, deps);
                }
                return msg;
            }),
        );
        const stackUrn = run.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
        collect(await unary<analyzerproto.AnalyzeStackRequest, analyzerproto.AnalyzeResponse>(this.client, "analyzeStack", stackReq), "stack", stackUrn);
        return violations.sort(byPolicyUrnMessage);
    }
}
