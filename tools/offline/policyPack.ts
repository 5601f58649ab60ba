import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import { PackConfigReconciler } from "./packConfig";
import { CapturedResource, ProgramRun } from "./runProgram";

/**
 * Runs a real CrossGuard policy pack the way `pulumi preview --policy-pack` does: the pack's own program
 * starts its analyzer gRPC server (as under the CLI), and this client speaks the engine's side of the
 * protocol to it: GetAnalyzerInfo, Configure (schema defaults + overrides), ConfigureStack, Analyze for
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

export class LocalPolicyPack {
    /** Enforcement level each policy runs at, as last configured. */
    private levels = new Map<string, EnforcementLevel>();
    /**
     * For the last analysis: the URNs of the resources each resource policy applied to (neither disabled
     * nor reported not applicable); for a stack policy that ran, the stack's root URN.
     */
    lastApplied = new Map<string, Set<string>>();
    private reconciler?: PackConfigReconciler;

    private constructor(
        private readonly client: any,
        readonly name: string,
        readonly version: string,
        readonly policies: PolicyInfo[],
    ) {}

    /**
     * Starts the pack in `packDir` (its index.ts). A process can serve one pack, as under the CLI, so a
     * second call for the same directory returns the running one.
     */
    static async start(packDir: string): Promise<LocalPolicyPack> {
        const dir = path.resolve(packDir);
        if (running) {
            if (running.dir !== dir) throw new Error(`A policy pack (${running.dir}) is already running in this process; only one may be served`);
            return running.pack;
        }
        const port = await new Promise<string>((resolve, reject) => {
            const log = console.log;
            const timer = setTimeout(() => {
                console.log = log;
                reject(new Error(`The policy pack in ${dir} did not start its analyzer within 30 s`));
            }, 30_000);
            // The pack prints its analyzer port on stdout for the CLI; read it instead of printing it.
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
            // PolicyPack reads its version from package.json in the working directory, as under the CLI.
            const cwd = process.cwd();
            try {
                process.chdir(dir);
                require(dir);
            } catch (err) {
                clearTimeout(timer);
                console.log = log;
                reject(err);
            } finally {
                process.chdir(cwd);
            }
        });
        const pack = await LocalPolicyPack.connect(`127.0.0.1:${port}`);
        running = { dir, pack };
        return pack;
    }

    /**
     * Connects to a pack already serving its analyzer at `address` (host:port), as the engine does to a pack
     * started by the CLI's policy-pack runner in another process, and configures it with its defaults.
     */
    static async connect(address: string): Promise<LocalPolicyPack> {
        const client = new (analyzerrpc as any).AnalyzerClient(address, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        });
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
        const pack = new LocalPolicyPack(client, info.getName(), info.getVersion(), policies);
        await pack.configure({});
        return pack;
    }

    /**
     * Sends the pack its configuration as the CLI does, reconciled as the engine does (schema defaults,
     * then `all`, then per-policy entries; validated against each policy's schema). Throws
     * PolicyConfigError for a config the engine would refuse; returns warnings for names it would ignore.
     */
    async configure(config: PolicyPackConfig): Promise<string[]> {
        this.reconciler ??= new PackConfigReconciler(this.policies);
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
        return warnings;
    }

    /**
     * Runs the remediation policies (those configured with enforcement level `remediate`) over each
     * resource's inputs, as the engine does before it creates or updates a resource. Returns the changed
     * inputs by URN and the policies that changed them.
     */
    async remediate(run: ProgramRun): Promise<Array<{ urn: string; policy: string; properties: Record<string, unknown> }>> {
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
        const violations = [...(await this.analyze(after, extraStackTags)), ...diagnostics];
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

    /** Runs every resource and stack policy over a captured program run. */
    async analyze(run: ProgramRun, extraStackTags: Record<string, string> = {}): Promise<Violation[]> {
        await this.configureStack(run, extraStackTags);

        const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
        const responses: analyzerproto.AnalyzeResponse[] = [];
        const analyzedUrns: string[] = [];
        const calls: Promise<void>[] = [];
        // The engine asks the analyzer about every resource it registers: components, providers and the stack too.
        for (const r of run.resources) {
            // Resource policies judge the inputs, before the resource is created or updated.
            const req = describeResource(new analyzerproto.AnalyzeRequest(), r, r.rawInputs, byUrn, run);
            calls.push(unary<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(this.client, "analyze", req).then((res) => {
                res.getDiagnosticsList().forEach((d) => d.getUrn() || d.setUrn(r.urn));
                responses.push(res);
                analyzedUrns.push(r.urn);
            }));
        }
        await Promise.all(calls);

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
        const stackResponse = await unary<analyzerproto.AnalyzeStackRequest, analyzerproto.AnalyzeResponse>(this.client, "analyzeStack", stackReq);

        this.lastApplied = new Map(this.policies.map((p) => [p.name, new Set<string>()]));
        const record = (res: analyzerproto.AnalyzeResponse, kind: PolicyInfo["kind"], urn: string) => {
            const skipped = new Set(res.getNotApplicableList().map((n) => n.getPolicyName()));
            for (const p of this.policies) {
                if (p.kind === kind && this.levels.get(p.name) !== "disabled" && !skipped.has(p.name)) this.lastApplied.get(p.name)!.add(urn);
            }
        };
        responses.forEach((res, i) => record(res, "resource", analyzedUrns[i]));
        record(stackResponse, "stack", run.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "");
        responses.push(stackResponse);

        const stackPolicies = new Set(this.policies.filter((p) => p.kind === "stack").map((p) => p.name));
        const violations = responses.flatMap((res) =>
            res.getDiagnosticsList().map((d) => ({
                policy: d.getPolicyname(),
                // Stack policies cannot be remediated: the engine treats "remediate" as mandatory (step_generator.go).
                level: LEVELS[d.getEnforcementlevel()] === "remediate" && stackPolicies.has(d.getPolicyname()) ? "mandatory" : LEVELS[d.getEnforcementlevel()],
                severity: SEVERITIES[d.getSeverity()] ?? "",
                urn: d.getUrn(),
                message: d.getMessage(),
            })),
        );
        return violations.sort(byPolicyUrnMessage);
    }
}
