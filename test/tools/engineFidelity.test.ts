import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as awsxEc2 from "@pulumi/awsx/ec2";
import * as awsxLb from "@pulumi/awsx/lb";
import * as pulumi from "@pulumi/pulumi";
import { factsOf } from "../../tools/gen-aws-resource-facts";
import { PackConfigReconciler, PolicyConfigError } from "../../tools/offline/packConfig";
import { awsFacts } from "../../tools/offline/providerCheck";
import { planJson, planText } from "../../tools/offline/report";
import { ProgramRun } from "../../tools/offline/runProgram";
import { ROOT, UNKNOWN, inlineRun, ofType, one, policyPack, stackRun, violations } from "../harness";
import { runPlan } from "../support/runPlan";

/**
 * The offline plan's fidelity to a real `pulumi preview --policy-pack` / `pulumi up`. Each describe
 * block reproduces one behaviour of the engine or a provider, named with the source it follows
 * (S = pulumi/pulumi, B = pulumi/pulumi-terraform-bridge, AWS = pulumi/pulumi-aws, AWSX = pulumi/pulumi-awsx),
 * and fails if the plan departs from it:
 *
 * 1. Resource policies see the provider's Check output: autonamed name, region, tagsAll
 *    (S step_generator.go; AWS autonaming.go, region.go, tags.go; B AutoName).
 * 2. Preview outputs are the planned state: every provider-computed output the program did not set is
 *    unknown, the set derived from @pulumi/aws's declarations (B Create with preview, tfgen generate.go).
 * 3. Stack policies treat a provider-computed unknown as not set by the program; property dependencies
 *    are sent only when non-empty (S analyzer_plugin.go). Every policy in preview: previewEveryPolicy.test.ts.
 * 4. Stack policies run after `pulumi up` created the resources (S deployment_executor.go).
 * 5. Pack config as ReconcilePolicyPackConfig (S pkg/resource/analyzer/config.go).
 * 6. Remediation before analysis, its result analysed and deployed (S step_generator.go).
 * 7. awsx:ec2:Vpc's children (AWSX awsx/ec2/vpc.ts) with the providers the component inherits (S source_eval.go).
 * `--program` behaviours (own directory, callbacks, ESM, invokes, stack references, crashes): programs.test.ts.
 */

const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] });
const AWS_DTS = path.dirname(require.resolve("@pulumi/aws/package.json"));

describe("engine fidelity: resource policies see the provider's Check output (S step_generator.go: Check, then Analyze)", () => {
    for (const preview of [false, true]) {
        const mode = preview ? "preview" : "update";
        it(`${mode}: an unnamed resource with a name input gets <logical>-<7 hex> (AWS autonaming.go, B AutoName), known to the program too`, async () => {
            const run = await inlineRun(
                () => {
                    const unnamed = new aws.ssm.Parameter("flag", { type: "String", value: "on" });
                    new aws.ssm.Parameter("named", { name: "/app/flag", type: "String", value: "on" });
                    new aws.iam.Role("prefixed", { namePrefix: "app-", assumeRolePolicy: TRUST });
                    return { unnamed: unnamed.name };
                },
                { preview },
            );
            const name = one(run, "aws:ssm/parameter:Parameter", "flag").rawInputs.name;
            assert.match(String(name), /^flag-[0-9a-f]{7}$/);
            assert.equal(run.outputs.unnamed, name, "the program sees the checked name, in preview too");
            assert.equal(one(run, "aws:ssm/parameter:Parameter", "named").rawInputs.name, "/app/flag");
            // namePrefix conflicts with name: the provider derives the name itself, Check leaves it unset.
            assert.equal(one(run, "aws:iam/role:Role", "prefixed").rawInputs.name, undefined);
        });
    }

    it("region comes from the resource, else its provider (AWS region.go applyRegion)", async () => {
        const run = await inlineRun(
            () => {
                const eu = new aws.Provider("eu", { region: "eu-west-1" });
                new aws.sqs.Queue("default-provider");
                new aws.sqs.Queue("explicit-provider", {}, { provider: eu });
                new aws.sqs.Queue("own-region", { region: "sa-east-1" }, { provider: eu });
                // A global type has no region input: none is added.
                new aws.iam.Role("global", { assumeRolePolicy: TRUST });
            },
            { config: { "aws:region": "us-east-2" } },
        );
        assert.equal(one(run, "aws:sqs/queue:Queue", "default-provider").rawInputs.region, "us-east-2");
        assert.equal(one(run, "aws:sqs/queue:Queue", "explicit-provider").rawInputs.region, "eu-west-1");
        assert.equal(one(run, "aws:sqs/queue:Queue", "own-region").rawInputs.region, "sa-east-1");
        assert.equal("region" in one(run, "aws:iam/role:Role", "global").rawInputs, false);
    });

    it("tagsAll is the provider's default tags with the resource's on top, ignored keys removed (AWS tags.go applyTags)", async () => {
        const run = await inlineRun(
            () => {
                const p = new aws.Provider("tagged", { region: "us-east-1", defaultTags: { tags: { team: "ml", env: "dev", "tmp:x": "1" } }, ignoreTags: { keyPrefixes: ["tmp:"] } });
                new aws.sqs.Queue("override", { tags: { env: "prod", app: "a" } }, { provider: p });
                new aws.sqs.Queue("untagged");
            },
            { config: { "aws:region": "us-east-1" } },
        );
        assert.deepEqual(one(run, "aws:sqs/queue:Queue", "override").rawInputs.tagsAll, { team: "ml", env: "prod", app: "a" });
        // No tags at all: tagsAll is {} (not absent).
        assert.deepEqual(one(run, "aws:sqs/queue:Queue", "untagged").rawInputs.tagsAll, {});
    });

    it("preview: tagsAll is unknown when a tag is unknown (AWS tags.go mergeTags: any unknown makes the result unknown)", async () => {
        const run = await inlineRun(
            () => {
                const topic = new aws.sns.Topic("t");
                new aws.sqs.Queue("q", { tags: { topic: topic.arn } });
            },
            { preview: true, config: { "aws:region": "us-east-1", "aws:defaultTags": JSON.stringify({ tags: { team: "ml" } }) } },
        );
        assert.equal(one(run, "aws:sqs/queue:Queue", "q").rawInputs.tagsAll, UNKNOWN);
        assert.deepEqual(one(run, "aws:sns/topic:Topic", "t").rawInputs.tagsAll, { team: "ml" });
    });
});

describe("engine fidelity: preview outputs are the provider's planned state (B Create with preview: Computed values unknown)", () => {
    it("a new role's inlinePolicies/managedPolicyArns, a default SG's rules and a bucket's policy are unknown unless set", async () => {
        const run = await inlineRun(
            () => {
                new aws.iam.Role("bare", { assumeRolePolicy: TRUST });
                new aws.iam.Role("inline", { assumeRolePolicy: TRUST, inlinePolicies: [{ name: "p", policy: POLICY }] });
                const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" });
                new aws.ec2.DefaultSecurityGroup("d", { vpcId: vpc.id });
                new aws.s3.Bucket("b", { bucket: "b" });
            },
            { preview: true },
        );
        const bare = one(run, "aws:iam/role:Role", "bare");
        assert.equal(bare.rawOutputs.inlinePolicies, UNKNOWN);
        assert.equal(bare.rawOutputs.managedPolicyArns, UNKNOWN);
        assert.equal(bare.rawOutputs.arn, UNKNOWN);
        // Check fills the name: known in the planned state.
        assert.match(String(bare.rawOutputs.name), /^bare-[0-9a-f]{7}$/);
        assert.deepEqual(one(run, "aws:iam/role:Role", "inline").rawOutputs.inlinePolicies, [{ name: "p", policy: POLICY }]);
        const sg = one(run, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "d");
        assert.equal(sg.rawOutputs.ingress, UNKNOWN);
        assert.equal(sg.rawOutputs.egress, UNKNOWN);
        assert.equal(one(run, "aws:s3/bucket:Bucket", "b").rawOutputs.policy, UNKNOWN);
        // Resource policies see checked inputs, not the planned state: nothing computed is added there.
        assert.equal("inlinePolicies" in bare.rawInputs, false);
        assert.equal("ingress" in sg.rawInputs, false);
    });

    it("update: the same outputs are not unknown", async () => {
        const run = await inlineRun(() => new aws.iam.Role("bare", { assumeRolePolicy: TRUST }));
        const role = one(run, "aws:iam/role:Role", "bare");
        assert.notEqual(role.rawOutputs.inlinePolicies, UNKNOWN);
        assert.match(String(role.rawOutputs.arn), /^arn:aws:iam::123456789012:role\/bare-[0-9a-f]{7}$/);
    });

    it("the computed set is derived from @pulumi/aws's declarations (B tfgen generate.go isOptional: computed outputs are not optional)", () => {
        const role = factsOf(fs.readFileSync(path.join(AWS_DTS, "iam", "role.d.ts"), "utf8"), "role.d.ts")!;
        assert.ok(role.computed.includes("inlinePolicies") && role.computed.includes("managedPolicyArns") && role.computed.includes("arn"));
        // A required input is the program's, an optional non-computed output (description) is not computed.
        assert.ok(!role.computed.includes("assumeRolePolicy") && !role.computed.includes("description"));
        assert.deepEqual(awsFacts("aws:iam/role:Role"), role, "tools/offline/awsResourceFacts.json is stale: run tools/gen-aws-resource-facts.ts");
        const generatedFrom = (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "tools", "offline", "awsResourceFacts.json"), "utf8")) as { generatedFrom: string }).generatedFrom;
        assert.equal(generatedFrom, `@pulumi/aws ${require("@pulumi/aws/package.json").version}`, "regenerate after upgrading @pulumi/aws");
    });
});

describe("engine fidelity: stack policies and provider-computed unknowns", () => {
    const names = (vs: ReadonlyArray<{ policy: string; level: string; urn: string }>, policy: string) =>
        vs.filter((v) => v.policy === policy && v.level === "mandatory").map((v) => v.urn.split("::").pop());

    it("a role the program gave no inline policies is not flagged in preview; one given an unknown inline policy is (S analyzer_plugin.go: only non-empty property dependencies)", async () => {
        const run = await inlineRun(
            () => {
                const bare = new aws.iam.Role("bare", { assumeRolePolicy: TRUST });
                new aws.iam.RolePolicy("bare", { role: bare.name, policy: POLICY });
                const topic = new aws.sns.Topic("t");
                const both = new aws.iam.Role("both", { assumeRolePolicy: TRUST, managedPolicyArns: [topic.arn] });
                new aws.iam.RolePolicy("both", { role: both.name, policy: POLICY });
            },
            { preview: true },
        );
        assert.deepEqual(names(await violations(run), "iam-role-no-policy-management-conflicts"), ["both"]);
    });

    it("a default security group declared without rules is closed in preview; one with rules is not", async () => {
        const run = await inlineRun(
            () => {
                const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" });
                new aws.ec2.DefaultSecurityGroup("closed", { vpcId: vpc.id });
                const other = new aws.ec2.Vpc("w", { cidrBlock: "10.1.0.0/16" });
                new aws.ec2.DefaultSecurityGroup("open", { vpcId: other.id, ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [other.cidrBlock] }] });
            },
            { preview: true },
        );
        assert.deepEqual(names(await violations(run), "ec2-default-security-group-closed"), ["open"]);
    });
});


const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-engine-"));
const configFile = (name: string, config: object) => {
    const file = path.join(tmp, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
};

describe("engine fidelity: pack config as ReconcilePolicyPackConfig (S pkg/resource/analyzer/config.go)", () => {
    const reconciler = new PackConfigReconciler([
        { name: "regions", enforcementLevel: "mandatory", configSchema: { properties: { allowed: { type: "array", items: { type: "string" }, default: ["us-east-1"] }, strict: { type: "boolean", default: false } }, required: [] } },
        { name: "retention", enforcementLevel: "advisory", configSchema: { properties: { days: { type: "integer", minimum: 1 } }, required: ["days"] } },
        { name: "plain", enforcementLevel: "advisory" },
    ]);

    it("starts from schema defaults and levels, applies `all` (level only), then each entry, properties merged over the defaults", () => {
        const { policies, warnings } = reconciler.reconcile({ all: { enforcementLevel: "disabled", days: 99 }, regions: { strict: true }, retention: { enforcementLevel: "mandatory", days: 7 } });
        assert.deepEqual(policies.get("regions"), { enforcementLevel: "disabled", properties: { allowed: ["us-east-1"], strict: true } });
        assert.deepEqual(policies.get("retention"), { enforcementLevel: "mandatory", properties: { days: 7 } });
        assert.deepEqual(policies.get("plain"), { enforcementLevel: "disabled", properties: {} });
        assert.deepEqual(warnings, []);
    });

    it("warns about a name matching no policy, which the engine ignores", () => {
        const { warnings } = reconciler.reconcile({ retention: { days: 1 }, "no-such-policy": "mandatory" });
        assert.deepEqual(warnings, ['policy config names "no-such-policy", which is not a policy of the pack: ignored, as the engine does']);
    });

    it("refuses a config that breaks a policy's schema, naming policy, property and what is allowed", () => {
        assert.throws(
            () => reconciler.reconcile({ regions: { allowed: "us-east-1" }, retention: { days: 0 } }),
            (err: PolicyConfigError) =>
                err instanceof PolicyConfigError &&
                assert.deepEqual(err.problems, ["regions: property allowed must be array; allowed: array of string", "retention: property days must be >= 1; allowed: integer, >= 1"]) === undefined,
        );
        // A required property with no default is required of the config.
        assert.throws(() => reconciler.reconcile({}), /retention: property days is required; allowed: integer, >= 1/);
        assert.throws(() => reconciler.reconcile({ retention: { days: 1 }, plain: "strict" }), /plain: "strict" is not an enforcement level; allowed: advisory, mandatory, remediate, disabled/);
    });

    it("the plan exits 2 on an invalid config before running the program, and only warns about an unknown policy", async () => {
        // The crashing fixture would exit 2 with a program error if it ran: the config error comes first.
        const bad = await runPlan("--stack", "test", "--program", path.join(ROOT, "test", "fixtures", "crashing", "index.ts"), "--policy-config", configFile("bad", { "aws-allowed-regions": { allowedRegions: "us-east-1" } }));
        assert.equal(bad.code, 2);
        assert.match(bad.err, /^Policy config error: Invalid policy pack config \(1 problem\):\n {2}- aws-allowed-regions: property allowedRegions must be array; allowed: array of string$/);
        const unknown = await runPlan("--stack", "test", "--program", path.join(ROOT, "test", "fixtures", "open-studio", "index.ts"), "--policy-config", configFile("unknown", { "s3-bucket-encrypted": "advisory" }), "--json", path.join(tmp, "unknown-plan.json"));
        assert.notEqual(unknown.code, 2, unknown.err);
        assert.match(unknown.err, /Warning: policy config names "s3-bucket-encrypted", which is not a policy of the pack: ignored/);
        assert.match(JSON.parse(fs.readFileSync(path.join(tmp, "unknown-plan.json"), "utf8")).notices.join("\n"), /s3-bucket-encrypted/);
    });
});

describe("engine fidelity: remediation runs before analysis, and its result is analysed and shown (S step_generator.go)", () => {
    it("required tags added by remediation satisfy required-tags, and the plan shows the remediated inputs", async () => {
        const run = await inlineRun(() => {
            const partial = new aws.Provider("partial", { region: "us-east-1", defaultTags: { tags: { project: "p" } } });
            new aws.sns.Topic("untagged", { tags: { owner: "team-a" } }, { provider: partial });
        });
        const pack = await policyPack();
        try {
            await pack.configure({ "required-tags-remediation": { enforcementLevel: "remediate", defaultTagValues: { environment: "dev", owner: "platform", "cost-center": "CC-0" } } });
            const before = (await pack.analyze(run)).filter((v) => v.policy === "required-tags").map((v) => v.urn.split("::").pop());
            assert.deepEqual(before, ["untagged"], "without remediation the topic misses tags");
            const analysed = await pack.remediateThenAnalyze(run);
            assert.deepEqual(analysed.violations.filter((v) => v.policy === "required-tags"), []);
            assert.deepEqual(analysed.remediations.map((r) => [r.policy, r.urn.split("::").pop()]), [["required-tags-remediation", "untagged"]]);
            const plan = planJson(analysed.run, pack, analysed.violations, { remediations: analysed.remediations });
            const topic = plan.resources.find((r) => r.name === "untagged")!;
            assert.deepEqual(topic.inputs.tags, { owner: "team-a", environment: "dev", "cost-center": "CC-0" });
            assert.match(planText(plan), /Remediated before analysis .*:\n {2}- required-tags-remediation: urn:pulumi:test::policytest::aws:sns\/topic:Topic::untagged/);
        } finally {
            await pack.configure({});
        }
    });
});

describe("engine fidelity: stack policies run after `pulumi up` created the resources (S deployment_executor.go)", () => {
    const program = () => {
        new aws.ec2.Vpc("unlogged", { cidrBlock: "10.0.0.0/16" });
    };

    it("update mode marks each stack-policy violation as found after deployment, resource-policy ones not", async () => {
        const pack = await policyPack();
        await pack.configure({});
        const analysed = await pack.remediateThenAnalyze(await inlineRun(program));
        const plan = planJson(analysed.run, pack, analysed.violations);
        const flowLog = plan.violations.find((v) => v.policy === "vpc-flow-logs")!;
        assert.equal(flowLog.kind, "stack");
        assert.equal(flowLog.foundAfterDeployment, true);
        assert.ok(plan.violations.filter((v) => v.kind === "resource").every((v) => v.foundAfterDeployment === undefined));
        assert.match(planText(plan), /vpc-flow-logs\n.*\n.*\n.*has no flow log.*\n {6}found after deployment: `pulumi up` would already have created the stack's resources/);
    });

    it("preview mode does not: `pulumi preview` reports stack policies before anything is created", async () => {
        const pack = await policyPack();
        await pack.configure({});
        const analysed = await pack.remediateThenAnalyze(await inlineRun(program, { preview: true }));
        const plan = planJson(analysed.run, pack, analysed.violations);
        assert.ok(plan.violations.some((v) => v.kind === "stack"));
        assert.ok(plan.violations.every((v) => v.foundAfterDeployment === undefined));
    });
});

/**
 * awsx:ec2:Vpc is a remote component: in a real run awsx creates its children and the engine analyses
 * them (pulumi/pulumi-awsx awsx/ec2/vpc.ts Vpc.initialize); the offline plan reproduces them. Children
 * use the providers the component inherits from its parent components (pulumi/pulumi source_eval.go).
 */

const TAGS = { project: "p", environment: "dev", owner: "o", "cost-center": "cc" };

class Network extends pulumi.ComponentResource {
    readonly vpc: awsxEc2.Vpc;
    constructor(name: string, args: { flowLog: boolean; defaultSg: boolean; nat?: "None" | "Single" | "OnePerAz" }, opts: pulumi.ComponentResourceOptions) {
        super("test:index:Network", name, {}, opts);
        this.vpc = new awsxEc2.Vpc(`${name}-vpc`, { cidrBlock: "10.0.0.0/16", natGateways: { strategy: args.nat ?? "OnePerAz" } }, { parent: this });
        if (args.defaultSg) new aws.ec2.DefaultSecurityGroup(`${name}-default`, { vpcId: this.vpc.vpcId }, { parent: this });
        if (args.flowLog) {
            new aws.ec2.FlowLog(`${name}-flow`, { vpcId: this.vpc.vpcId, trafficType: "ALL", logDestinationType: "s3", logDestination: "arn:aws:s3:::logs" }, { parent: this });
        }
    }
}

function network(args: { flowLog: boolean; defaultSg: boolean; nat?: "None" | "Single" | "OnePerAz" }, region = "us-east-1") {
    return () => {
        const provider = new aws.Provider("explicit", { region: region as aws.Region, defaultTags: { tags: TAGS } });
        new Network("net", args, { provider });
    };
}

const mandatory = async (run: ProgramRun, policy: string, config = {}) =>
    (await violations(run, config)).filter((v) => v.policy === policy && v.level === "mandatory").map((v) => v.urn.split("::").pop());

describe("engine fidelity: awsx:ec2:Vpc children, reproduced offline (AWSX awsx/ec2/vpc.ts Vpc.initialize; S source_eval.go component providers)", () => {
    let closed: ProgramRun;
    before(async () => {
        closed = await inlineRun(network({ flowLog: true, defaultSg: true }));
    });

    it("follows awsx's layout: one subnet per type per AZ (public first), route tables, IGW, one NAT and EIP per AZ, routes", () => {
        const count = (type: string) => ofType(closed, type).length;
        assert.deepEqual(
            ["vpc:Vpc", "internetGateway:InternetGateway", "subnet:Subnet", "routeTable:RouteTable", "routeTableAssociation:RouteTableAssociation", "eip:Eip", "natGateway:NatGateway", "route:Route"].map((t) => count(`aws:ec2/${t}`)),
            [1, 1, 6, 6, 6, 3, 3, 6],
        );
        const subnets = ofType(closed, "aws:ec2/subnet:Subnet").map((s) => s.name);
        assert.deepEqual(subnets, ["net-vpc-public-1", "net-vpc-private-1", "net-vpc-public-2", "net-vpc-private-2", "net-vpc-public-3", "net-vpc-private-3"]);
        const vpc = ofType(closed, "aws:ec2/vpc:Vpc")[0];
        assert.equal(vpc.urn, "urn:pulumi:test::policytest::test:index:Network$awsx:ec2:Vpc$aws:ec2/vpc:Vpc::net-vpc");
        const rt = ofType(closed, "aws:ec2/routeTable:RouteTable").find((r) => r.name === "net-vpc-private-2")!;
        assert.equal(rt.parent, ofType(closed, "aws:ec2/subnet:Subnet").find((s) => s.name === "net-vpc-private-2")!.urn);
        // The component's outputs name the children's ids, as awsx's do.
        assert.equal((vpc.rawOutputs.arn as string).split("/").pop(), closed.resources.find((r) => r.type === "awsx:ec2:Vpc")!.rawOutputs.vpcId);
    });

    it("the children use the provider the component inherits from its parent component, with its region and default tags", () => {
        const provider = closed.resources.find((r) => r.type === "pulumi:providers:aws")!;
        for (const child of ofType(closed, "aws:ec2/subnet:Subnet")) {
            assert.equal(child.provider, provider.urn);
            assert.equal(child.rawInputs.region, "us-east-1");
            assert.deepEqual(Object.keys(child.rawInputs.tagsAll as object).sort(), ["Name", "SubnetType", "cost-center", "environment", "owner", "project"]);
        }
    });

    it("a VPC without flow log or managed default security group fails vpc-flow-logs and ec2-default-security-group-closed; one with both passes", async () => {
        const open = await inlineRun(network({ flowLog: false, defaultSg: false }));
        assert.deepEqual(await mandatory(open, "vpc-flow-logs"), ["net-vpc"]);
        assert.deepEqual(await mandatory(open, "ec2-default-security-group-closed"), ["net-vpc"]);
        assert.deepEqual(await mandatory(closed, "vpc-flow-logs"), []);
        assert.deepEqual(await mandatory(closed, "ec2-default-security-group-closed"), []);
    });

    it("required-tags and aws-allowed-regions judge the children", async () => {
        assert.deepEqual(await mandatory(closed, "required-tags"), []);
        const elsewhere = await inlineRun(network({ flowLog: true, defaultSg: true, nat: "None" }, "eu-west-1"));
        const flagged = await mandatory(elsewhere, "aws-allowed-regions", { "aws-allowed-regions": { allowedRegions: ["us-east-1"] } });
        for (const child of ["net-vpc", "net-vpc-public-1", "net-vpc-private-3"]) assert.ok(flagged.includes(child), `${child} is judged: ${flagged.join(", ")}`);
        // NAT strategy None: no NAT gateway, EIP or private route.
        assert.equal(ofType(elsewhere, "aws:ec2/natGateway:NatGateway").length, 0);
        assert.equal(ofType(elsewhere, "aws:ec2/route:Route").length, 3);
    });

    it("another remote component is reported as not checked offline, never silently empty", async () => {
        const run = await inlineRun(() => {
            new awsxLb.ApplicationLoadBalancer("web", {});
        });
        assert.deepEqual(run.notices, ["the resources of 1 remote component(s) are not checked offline (their provider creates them in a real run): awsx:lb:ApplicationLoadBalancer web"]);
    });

    it("our dev stack's VPC is judged: without its flow log, vpc-flow-logs fails on the awsx VPC", async () => {
        const dev = await stackRun("dev");
        assert.deepEqual(await mandatory(dev, "vpc-flow-logs"), []);
        const withoutFlowLog = { ...dev, resources: dev.resources.filter((r) => r.type !== "aws:ec2/flowLog:FlowLog") };
        assert.deepEqual(await mandatory(withoutFlowLog, "vpc-flow-logs"), ["network-vpc"]);
    });

    it("our stacks' VPCs are among what the pack judges, in both modes", async () => {
        for (const stack of ["dev", "prod"]) {
            for (const preview of [false, true]) {
                const run = await stackRun(stack, preview);
                const vpcs = ofType(run, "aws:ec2/vpc:Vpc").filter((v) => v.urn.includes("awsx:ec2:Vpc$"));
                assert.equal(vpcs.length, 1, `${stack} ${preview}`);
                assert.ok(ofType(run, "aws:ec2/subnet:Subnet").length >= 2);
            }
        }
    });
});
