/**
 * Policy pack throughput on a synthetic stack:
 * `node -r tools/register.js tools/bench/throughput.ts <resources|stack> [--pack ours|awsguard|empty|<pack directory>]
 *  [--transport in-process|grpc|cli] [--split] [--sdk-experiment decode-once,no-reasons | --sdk-build <dir>]`.
 * Builds a stack of mixed resource types (buckets with their linked configuration, keys, roles and
 * policies, log groups, topics, queues, security groups, task definitions, Studio domains), runs every
 * resource and stack policy of a pack over it through the analyzer protocol, and prints one JSON line:
 * {pack, transport, resources, policies, pairs, seconds, cpuSeconds, perSecond, pairsPerSecond, violations, responseBytes, digest},
 * cpuSeconds being this process's CPU time, or with `--transport cli` (the pack in a process of its own, started
 * as the Pulumi CLI starts it) that process's, and this process's then as harnessCpuSeconds;
 * with `--split` also `bytes`: what the answers' bytes are made of (from a second, untimed analysis), and with
 * `--sdk-experiment` the experiments on @pulumi/policy that were applied (sdkExperiment.ts; bench only), and with
 * `--sdk-build` the directory and the SDK files it replaced (sdkBuild.js: a build of an SDK change, loaded in
 * place of the installed files, in the pack's process whatever the transport).
 * The same harness serves this project's pack, @pulumi/awsguard (tools/awsguard, installed on demand as
 * its test does) and an empty pack (the cost of the protocol alone), so their rates compare directly.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { ensureAwsguardInstalled } from "../../test/support/awsguardInstall";
import { LocalPolicyPack, policySdkDir, Violation } from "../offline/policyPack";
import { CapturedResource, ProgramRun, runProgram } from "../offline/runProgram";
import { servedThroughCli } from "../offline/pulumiCli";
import { applySdkExperiments } from "./sdkExperiment";
import { installSdkBuild, sdkBuildFiles, sdkBuildForChildProcess } from "./sdkBuild";

const TRANSPORTS = ["in-process", "grpc", "cli"] as const;

const STACK = "bench";
const PROJECT = "synthetic";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/k";
const urn = (type: string, name: string) => `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;

function resource(type: string, name: string, inputs: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): CapturedResource {
    return {
        urn: urn(type, name),
        type,
        name,
        custom: true,
        provider: urn("pulumi:providers:aws", "aws"),
        rawInputs: inputs,
        rawOutputs: inputs,
        protect: false,
        retainOnDelete: false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
        dependencies: Object.values(propertyDependencies).flat(),
        propertyDependencies,
    };
}

/** One group of 16 resources of the kinds a governed ML stack has. */
function group(i: number): CapturedResource[] {
    const bucketType = "aws:s3/bucket:Bucket";
    const bucket = resource(bucketType, `b${i}`, { bucket: `bucket-${i}` });
    const link = { bucket: [bucket.urn] };
    const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
    return [
        bucket,
        resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `b${i}`, { bucket: `bucket-${i}`, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }] }, link),
        resource("aws:s3/bucketVersioning:BucketVersioning", `b${i}`, { bucket: `bucket-${i}`, versioningConfiguration: { status: "Enabled" } }, link),
        resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `b${i}`, { bucket: `bucket-${i}`, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, link),
        resource("aws:s3/bucketPolicy:BucketPolicy", `b${i}`, { bucket: `bucket-${i}`, policy: doc([{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::bucket-${i}`, `arn:aws:s3:::bucket-${i}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }]) }, link),
        resource("aws:kms/key:Key", `k${i}`, { enableKeyRotation: i % 7 !== 0, deletionWindowInDays: 30 }),
        resource("aws:iam/role:Role", `r${i}`, { name: `role-${i}`, assumeRolePolicy: doc([{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }]) }),
        resource("aws:iam/rolePolicy:RolePolicy", `r${i}`, { role: `role-${i}`, policy: doc([{ Effect: "Allow", Action: i % 5 === 0 ? "s3:*" : ["s3:GetObject"], Resource: [`arn:aws:s3:::bucket-${i}/*`] }]) }),
        resource("aws:cloudwatch/logGroup:LogGroup", `l${i}`, { name: `/bench/${i}`, kmsKeyId: KEY, retentionInDays: 30 }),
        resource("aws:sns/topic:Topic", `t${i}`, { kmsMasterKeyId: KEY }),
        resource("aws:sqs/queue:Queue", `q${i}`, { kmsMasterKeyId: KEY }),
        resource("aws:ec2/securityGroup:SecurityGroup", `g${i}`, { vpcId: "vpc-1", ingress: i % 11 === 0 ? [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] : [] }),
        resource("aws:ecs/taskDefinition:TaskDefinition", `td${i}`, { family: `f${i}`, containerDefinitions: JSON.stringify([{ name: "app", image: "x", logConfiguration: { logDriver: "awslogs" } }]) }),
        resource("aws:sagemaker/domain:Domain", `d${i}`, { appNetworkAccessType: "VpcOnly", kmsKeyId: KEY, defaultUserSettings: { executionRole: "arn:aws:iam::123456789012:role/x", securityGroups: ["sg-1"] }, defaultSpaceSettings: { executionRole: "arn:aws:iam::123456789012:role/x" } }),
        resource("aws:cloudwatch/metricAlarm:MetricAlarm", `a${i}`, { alarmActions: ["arn:aws:sns:us-east-1:123456789012:t"] }),
        resource("aws:ecr/repository:Repository", `e${i}`, { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE" }),
    ];
}

/** The packs the harness can serve, by name: each in its own process (a process serves one pack). */
const PACKS: Record<string, () => string> = {
    ours: () => path.join(__dirname, "..", "..", "policy-pack"),
    awsguard: () => {
        ensureAwsguardInstalled();
        return path.join(__dirname, "..", "awsguard");
    },
    empty: () => path.join(__dirname, "emptyPack"),
};

/**
 * --sdk-build: the build of @pulumi/policy files compiled in place of the pack's installed ones, in this process
 * before the pack loads, or with --transport cli in the pack's own process (whose start fails on a bad build).
 * `loaded()`, once the pack serves, says which of them the pack's process did compile from the build, and
 * refuses a run in which any was not: its figures would be the installed SDK's.
 */
function loadSdkBuild(packDir: string, dir: string, transport: (typeof TRANSPORTS)[number]) {
    const sdkDir = policySdkDir(packDir);
    const buildDir = path.resolve(dir);
    const compiled = new Set<string>();
    let files: string[];
    let childProcess: ReturnType<typeof sdkBuildForChildProcess> | undefined;
    let report: string | undefined;
    if (transport === "cli") {
        files = sdkBuildFiles(sdkDir, buildDir);
        report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sdk-build-")), "compiled.txt");
        childProcess = sdkBuildForChildProcess(sdkDir, buildDir, report);
    } else {
        files = installSdkBuild(sdkDir, buildDir, (name) => compiled.add(name));
    }
    const loaded = (): { dir: string; files: string[] } => {
        if (report) {
            for (const name of fs.existsSync(report) ? fs.readFileSync(report, "utf8").split("\n").filter(Boolean) : []) compiled.add(name);
            fs.rmSync(path.dirname(report), { recursive: true, force: true });
        }
        const missing = files.filter((f) => !compiled.has(f));
        if (missing.length > 0) throw new Error(`--sdk-build: the pack's process did not load ${missing.join(", ")} from ${buildDir} (it loaded no @pulumi/policy from ${sdkDir}, or not those files)`);
        return { dir: buildDir, files };
    };
    return { childProcess, loaded };
}

async function main(): Promise<void> {
    const { values, positionals } = parseArgs({
        args: process.argv.slice(2),
        options: { pack: { type: "string", default: "ours" }, transport: { type: "string", default: "in-process" }, split: { type: "boolean", default: false }, "sdk-experiment": { type: "string" }, "sdk-build": { type: "string" } },
        allowPositionals: true,
    });
    // A pack by name, or any pack directory (e.g. this pack at another commit, for an A/B comparison).
    const packName = values.pack as string;
    const packDir = PACKS[packName]?.() ?? (fs.existsSync(path.join(packName, "package.json")) ? path.resolve(packName) : undefined);
    if (!packDir) throw new Error(`--pack must be one of ${Object.keys(PACKS).join(", ")} or a policy pack directory, got "${packName}"`);
    const arg = positionals[0] ?? "10000";
    let run: ProgramRun;
    if (/^\d+$/.test(arg)) {
        run = synthetic(Number(arg));
    } else {
        // A stack of this project, e.g. prod: the program runs first, only the analysis is timed.
        run = await runProgram({ program: path.join(__dirname, "..", "..", "index.ts"), stack: arg });
    }
    // in-process: the plan's way (gRPC's encoding, no loopback connection); grpc: over loopback, the pack still
    // in this process; cli: the pack in its own process, started as the Pulumi CLI starts it (servedThroughCli).
    const transport = TRANSPORTS.find((t) => t === values.transport);
    if (!transport) throw new Error(`--transport must be one of ${TRANSPORTS.join(", ")}, got "${values.transport}"`);
    if (values["sdk-build"] && values["sdk-experiment"]) throw new Error("--sdk-build and --sdk-experiment measure different changes to @pulumi/policy: give one");
    const experiments = values["sdk-experiment"] ? applySdkExperiments(packDir, (values["sdk-experiment"] as string).split(",").filter(Boolean)) : [];
    if (transport === "cli" && experiments.length > 0) throw new Error("--sdk-experiment changes @pulumi/policy in this process: it cannot be used with --transport cli");
    const sdkBuild = values["sdk-build"] ? loadSdkBuild(packDir, values["sdk-build"] as string, transport) : undefined;
    const served =
        transport === "cli"
            ? await servedThroughCli(packDir, sdkBuild?.childProcess ?? {}).catch((err: Error) => {
                  // An error in the build is reported at the installed file's path, where it was compiled.
                  if (sdkBuild) err.message = `${err.message}\n(--sdk-build: the pack's process compiled ${values["sdk-build"]}'s files in place of @pulumi/policy's)`;
                  throw err;
              })
            : undefined;
    const pack = served?.pack ?? (await LocalPolicyPack.start(packDir, { transport: transport as "in-process" | "grpc" }));
    await pack.configure({});
    const sdkBuildLoaded = sdkBuild?.loaded();
    // Every policy that runs (each resource policy over each resource, each stack policy over the stack's resources).
    const policies = pack.policies.filter((p) => p.enforcementLevel !== "disabled").length;
    // The CPU the analysis costs: this process's (harness and pack), or with the pack in its own process, that process's.
    const cpuNow = (): number => {
        if (served) {
            const seconds = served.cpuSeconds();
            if (seconds === undefined) throw new Error("--transport cli reads the pack process's CPU time from /proc (Linux)");
            return seconds;
        }
        const cpu = process.cpuUsage();
        return (cpu.user + cpu.system) / 1e6;
    };
    const harnessBefore = process.cpuUsage();
    const cpuBefore = cpuNow();
    const started = process.hrtime.bigint();
    const violations = await pack.analyze(run);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuSeconds = cpuNow() - cpuBefore;
    const harness = process.cpuUsage(harnessBefore);
    const count = run.resources.length;
    const pairs = count * policies;
    const responseBytes = pack.lastResponseBytes;
    const digest = analysisDigest(violations, pack.lastApplied);
    const bytes = values.split ? await answerBytes(pack, run) : undefined;
    console.log(
        JSON.stringify({
            pack: packName,
            transport,
            resources: count,
            policies,
            pairs,
            seconds,
            cpuSeconds,
            // With --transport cli, this process's own CPU (the engine's side: requests encoded, answers decoded).
            ...(served ? { harnessCpuSeconds: (harness.user + harness.system) / 1e6 } : {}),
            perSecond: Math.round(count / seconds),
            pairsPerSecond: Math.round(pairs / seconds),
            violations: violations.length,
            responseBytes,
            // What the analysis found, to compare transports or commits: the violations and, per policy, the resources it applied to.
            digest,
            ...(bytes ? { bytes } : {}),
            ...(experiments.length > 0 ? { sdkExperiments: experiments } : {}),
            ...(sdkBuildLoaded ? { sdkBuild: sdkBuildLoaded } : {}),
        }),
    );
    await served?.stop();
    process.exit(0);
}

/** The reasons @pulumi/policy's analyzer gives itself (server.js): its type fast path, and a policy without validateResource. */
const SDK_REASON = /^(Policy only applies to resources of type '[^']*'|Policy does not implement validateResource)$/;

/** Bytes of a varint, as protobuf encodes a length. */
const varint = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);
/** Bytes of a length-delimited field of `length` bytes (one-byte tag, as every field here). */
const field = (length: number) => 1 + varint(length) + length;

export interface AnswerBytes {
    /** Every Analyze and AnalyzeStack answer, encoded (as responseBytes). */
    total: number;
    notApplicable: number;
    /** The not-applicable entries with their policy names alone: what the engine reads (summary.go), the floor. */
    names: number;
    /** What the reasons add: the SDK's own (its type fast path) and the pack's. */
    sdkReasons: number;
    ownReasons: number;
    /** Violations and everything else in the answers. */
    diagnostics: number;
}

/**
 * What the answers' bytes are made of, from a second analysis of the same resources (untimed): each
 * not-applicable entry is its policy's name (the floor the engine's semantics set) plus a reason, the SDK's
 * or the pack's; the rest is diagnostics.
 */
async function answerBytes(pack: LocalPolicyPack, run: ProgramRun): Promise<AnswerBytes> {
    const split: AnswerBytes = { total: 0, notApplicable: 0, names: 0, sdkReasons: 0, ownReasons: 0, diagnostics: 0 };
    // The harness's client (a private of LocalPolicyPack): each answer is read as it arrives.
    const client = (pack as unknown as { client: Record<string, (req: unknown, callback: (err: unknown, res?: any) => void) => void> }).client;
    const original = { analyze: client.analyze, analyzeStack: client.analyzeStack };
    for (const method of ["analyze", "analyzeStack"] as const) {
        client[method] = (req, callback) =>
            original[method].call(client, req, (err, res) => {
                if (res) {
                    split.total += res.serializeBinary().length;
                    for (const entry of res.getNotApplicableList()) {
                        const name = Buffer.byteLength(entry.getPolicyName());
                        const reason = Buffer.byteLength(entry.getReason());
                        const nameOnly = field(name);
                        const whole = nameOnly + (reason > 0 ? field(reason) : 0);
                        split.notApplicable += field(whole);
                        split.names += field(nameOnly);
                        if (reason > 0) split[SDK_REASON.test(entry.getReason()) ? "sdkReasons" : "ownReasons"] += field(whole) - field(nameOnly);
                    }
                }
                callback(err, res);
            });
    }
    try {
        await pack.analyze(run);
    } finally {
        Object.assign(client, original);
    }
    split.diagnostics = split.total - split.notApplicable;
    return split;
}

/** What an analysis found, as one hash: the SHA-1 of [violations, per policy the sorted URNs it applied to]. */
export function analysisDigest(violations: readonly Violation[], applied: ReadonlyMap<string, ReadonlySet<string>>): string {
    return crypto
        .createHash("sha1")
        .update(JSON.stringify([violations, [...applied].map(([policy, urns]) => [policy, [...urns].sort()])]))
        .digest("hex");
}

/** The synthetic stack of `count` resources: the aws provider, then groups of 16 (group) cut to size. */
export function synthetic(count: number): ProgramRun {
    const resources: CapturedResource[] = [
        { ...resource("pulumi:providers:aws", "aws", { region: "us-east-1", defaultTags: JSON.stringify({ tags: { project: "p", environment: "dev", owner: "o", "cost-center": "c" } }) }), provider: undefined },
    ];
    for (let i = 0; resources.length < count; i++) resources.push(...group(i));
    resources.length = count;
    return { project: PROJECT, stack: STACK, preview: false, config: {}, stackTags: {}, resources, outputs: {} };
}

// A script, and a module the tests import (synthetic, analysisDigest).
if (require.main === module) {
    main().catch((err) => {
        console.error(err);
        process.exit(2);
    });
}
