import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { factsOf } from "../../tools/gen-aws-resource-facts";
import { awsFacts } from "../../tools/offline/providerCheck";
import { UNKNOWN, inlineRun, one, violations } from "../harness";

/**
 * Each test reproduces one behaviour of the real engine and provider, named with the source it follows
 * (pulumi/pulumi = S, pulumi/pulumi-terraform-bridge = B, pulumi/pulumi-aws = AWS), and fails if the
 * offline plan departs from it.
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
    const names = (vs: Array<{ policy: string; level: string; urn: string }>, policy: string) =>
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
