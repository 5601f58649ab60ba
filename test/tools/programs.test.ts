import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { ROOT } from "../harness";
import { type PlanResult, sharedPlan } from "../support/runPlan";

/**
 * `--program`: running any team's program as the Pulumi CLI would. Each fixture under test/fixtures is
 * written for one behaviour (the corpus test in plan.test.ts checks each one's violations and exit code);
 * these tests check the behaviour itself, one plan per fixture.
 */

const FIXTURES = path.join(ROOT, "test", "fixtures");

/** The plan of a fixture program with its JSON; shared with plan.test.ts's corpus test, which plans the same. */
function planOf(fixture: string, ...extra: string[]): Promise<Readonly<PlanResult>> {
    return sharedPlan("--stack", "test", "--program", path.join(FIXTURES, fixture, "index.ts"), ...extra);
}

describe("--program: any team's program, as the Pulumi CLI runs it", () => {
    it("runs the program in its own directory: relative paths and assets resolve against it", async () => {
        const r = await planOf("own-directory");
        assert.equal(r.code, 1, r.err);
        assert.deepEqual(r.json.outputs.files, ["index.html", "site.css"]);
        assert.match(r.json.outputs.readme, /^# Own directory/);
        assert.equal(process.cwd(), ROOT, "the working directory is restored");
    });

    it("serialises Lambda callbacks with the program's own package.json (SDK closure serialisation, on Node 20 too)", async () => {
        const r = await planOf("lambda-callbacks");
        assert.notEqual(r.code, 2, r.err);
        const functions = r.json.resources.filter((x: any) => x.type === "aws:lambda/function:Function");
        assert.equal(functions.length, 2);
        const hello = functions.find((f: any) => f.name === "hello");
        // The callback and the helper it captures from another module are in the code; the fixture's
        // package.json (no dependencies besides Pulumi's) is the one the SDK read, so no repo package is bundled.
        assert.deepEqual(Object.keys(hello.inputs.code.assets), ["__index.js"]);
        assert.match(hello.inputs.code.assets["__index.js"].text, /\$\{greeting\}, \$\{name\}!/);
    });

    it("loads an ES module program (`type: module`, `.js` import suffixes in TypeScript)", async () => {
        const r = await planOf("esm-program");
        assert.equal(r.code, 1, r.err);
        assert.equal(r.json.resources.find((x: any) => x.type === "aws:sqs/queue:Queue").inputs.name, "esm-team-jobs");
    });

    it("answers data sources as AWS would: getPolicyDocument's JSON reaches the role policy; other invokes unknown and reported", async () => {
        const r = await planOf("data-sources");
        assert.equal(r.code, 1, r.err);
        const policy = JSON.parse(r.json.resources.find((x: any) => x.type === "aws:iam/rolePolicy:RolePolicy").inputs.policy);
        assert.deepEqual(policy.Statement[1], { Sid: "Everything", Effect: "Allow", Action: "s3:*", Resource: "*" });
        assert.deepEqual(JSON.parse(r.json.resources.find((x: any) => x.type === "aws:iam/role:Role").inputs.assumeRolePolicy).Statement[0].Principal, { Service: "ec2.amazonaws.com" });
        assert.equal(r.json.outputs.facts.accountId, "123456789012");
        assert.deepEqual(r.json.outputs.facts.zones, ["us-east-1a", "us-east-1b", "us-east-1c"]);
        assert.match(r.json.outputs.facts.vpcId, /^vpc-/);
        assert.equal(r.json.outputs.facts.legacyGroupId, undefined, "an unanswered invoke is not echoed back");
        assert.deepEqual(r.json.notices, ["value of aws:ec2/getSecurityGroup:getSecurityGroup unknown offline: checks reading it were skipped"]);
    });

    it("stack references: --stack-outputs supplies another stack's outputs; without it they are unknown and reported, in update mode too", async () => {
        const without = await planOf("stack-reference");
        assert.equal(without.code, 0, without.err);
        assert.match(without.json.notices[0], /^outputs of stack reference acme\/network\/prod unknown offline \(give them with --stack-outputs/);
        const given = await planOf("stack-reference", "--stack-outputs", `acme/network/prod=${path.join(FIXTURES, "stack-reference", "network-outputs.json")}`);
        assert.equal(given.code, 1, given.err);
        assert.deepEqual(given.json.violations.map((v: any) => v.policy), ["security-group-no-public-ingress"]);
        assert.equal(given.json.outputs.groupVpc, "vpc-0123456789abcdef0");
        assert.deepEqual(given.json.notices, []);
    });

    it("a secure config value is not judged as its placeholder: checks reading it are skipped, and the report says which", async () => {
        const r = await planOf("secret-config");
        assert.deepEqual(r.json.notices, [
            "secret config secret-config:upstreamCredential cannot be decrypted offline: checks reading it on aws:ecs/taskDefinition:TaskDefinition app could not judge it (given to the policies as unknown)",
        ]);
        const plaintext = r.json.violations.find((v: any) => v.policy === "ecs-no-plaintext-secrets");
        assert.equal(plaintext.level, "advisory");
        assert.match(plaintext.message, /^can't run policy 'ecs-no-plaintext-secrets'/);
    });

    it("a program that crashes exits 2, naming its file and line (1 stays for mandatory violations)", async () => {
        const r = await planOf("crashing");
        assert.equal(r.code, 2);
        assert.match(r.err, /^Program error: The program failed: lookup table missing\n {4}at test\/fixtures\/crashing\/index\.ts:6:11$/);
    });

    it("a program that leaves promises pending exits 2, naming the resource and what it waits on", () => {
        // In a child process: the stuck registration stays pending in the SDK of the process that ran it.
        const child = spawnSync(process.execPath, ["-r", "./tools/register.js", "tools/plan.ts", "--stack", "test", "--program", path.join(FIXTURES, "pending-promise", "index.ts")], {
            cwd: ROOT,
            encoding: "utf8",
            env: { ...process.env, PLAN_STALL_SECONDS: "1" },
        });
        assert.equal(child.status, 2, child.stdout);
        assert.match(child.stderr, /Program error: The program failed: the program left promises pending: no progress for 1 s; resource registrations that never completed: "waiting" \[aws:sns\/topic:Topic\] \(input displayName\)/);
    });

    // Its budget (3 s of CPU, 300 MiB) is the bench's (npm run bench, plan section), not a timed test's.
    it("plans a 30-resource program", async () => {
        const r = await sharedPlan("--stack", "test", "--program", path.join(FIXTURES, "thirty-resources", "index.ts"));
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /Summary: 31 resources, 0 mandatory/);
    });
});
