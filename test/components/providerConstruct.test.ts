import { strict as assert } from "assert";
// "provider/index", not "provider": that directory is the plugin directory, whose package.json main starts the server.
import { ComponentProvider } from "../../components/provider/index";
import { COMPONENTS, type ComponentName } from "../../components/provider/schema";
import { computedOutputs } from "../../tools/offline/mocks";
import { ProgramError, ProgramRun } from "../../tools/offline/runProgram";
import { inlineRun, inputs, one } from "../harness";
import { engineInputProblems } from "../support/engineInputs";

/**
 * `construct` for the components the first provider tests leave out (PersonaRole, StudioDomain,
 * RetrainPipeline, MlopsProject, ModelEndpoint), driven as the engine drives it: plain JSON inputs in the
 * schema's shape (no `context`, which the schema omits), under Pulumi's mocks. Each returned output must
 * be the one the schema declares and resolve to the value of the child it stands for.
 */

const A = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${A}:key/11111111-2222-3333-4444-555555555555`;
const provider = new ComponentProvider("0.1.0");
const resolved = <T>(value: unknown) => new Promise<T>((resolve) => (value as { apply(f: (v: T) => void): void }).apply(resolve));

interface Constructed {
    run: ProgramRun;
    state: Record<string, unknown>;
    /** The component's own registration. */
    component: ReturnType<typeof one>;
    /** Its children (transitively), by URN parent chain. */
    children: ProgramRun["resources"];
}

/** Runs `construct` for one component under mocks, checking it returns exactly the schema's outputs, all defined. */
async function construct(component: ComponentName, name: string, engineInputs: Record<string, unknown>): Promise<Constructed> {
    assert.deepEqual(engineInputProblems(component, engineInputs), [], "inputs a program could send per the package schema");
    let state: Record<string, unknown> = {};
    let urn: unknown;
    const run = await inlineRun(async () => {
        const result = await provider.construct(name, `mlplatform:components:${component}`, JSON.parse(JSON.stringify(engineInputs)), {});
        state = result.state;
        urn = result.urn;
    });
    const self = one(run, `mlplatform:components:${component}`, name);
    assert.equal(await resolved(urn), self.urn);
    assert.deepEqual(Object.keys(state), Object.keys(COMPONENTS[component].outputs));
    for (const [key, value] of Object.entries(state)) {
        const plain = await resolved<unknown>(value);
        assert.ok(plain !== undefined && plain !== null && plain !== "", `${component}.${key} resolved to ${JSON.stringify(plain)}`);
    }
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const inside = (r: (typeof run.resources)[number]): boolean => {
        for (let p = r.parent; p; p = byUrn.get(p)?.parent) if (p === self.urn) return true;
        return false;
    };
    return { run, state, component: self, children: run.resources.filter(inside) };
}

const childrenOf = (c: Constructed, type: string) => c.children.filter((r) => r.type === type);
const onlyChild = (c: Constructed, type: string, name?: string) => {
    const found = childrenOf(c, type).filter((r) => name === undefined || r.name === name);
    assert.equal(found.length, 1, `${type} ${name ?? ""}: found ${found.length}`);
    return found[0];
};

/**
 * The component's own ComponentArgsError, as construct raises it under mocks, with no AWS child registered.
 * The inputs pass the package schema: the engine would send them, and only the component's check stops them.
 */
async function rejectsWith(component: ComponentName, engineInputs: Record<string, unknown>, message: RegExp): Promise<void> {
    assert.deepEqual(engineInputProblems(component, engineInputs), [], "bad values of the right shape, which the schema lets through");
    await assert.rejects(inlineRun(() => provider.construct("bad", `mlplatform:components:${component}`, engineInputs, {})), (err: ProgramError) => {
        assert.match(err.message, message);
        assert.deepEqual((err.registered ?? []).filter((t) => !t.startsWith("mlplatform:")), []);
        return true;
    });
}

const PERSONA = {
    prefix: "acme-ml",
    environment: "dev",
    persona: "analyst",
    access: { writeData: [], writeArtifacts: ["reports/*"], modelRegistry: false },
    dataBucketArn: "arn:aws:s3:::acme-data",
    artifactsBucketArn: "arn:aws:s3:::acme-artifacts",
    kmsKeyArn: KEY,
};

const STUDIO = {
    prefix: "team",
    environment: "dev",
    settings: { defaultPersona: "data-scientist", users: [{ name: "ana", persona: "data-scientist" }], sharedSpaces: [{ name: "lab", owner: "ana" }] },
    network: { vpcId: "vpc-1", subnetIds: ["subnet-1"], studioSecurityGroupId: "sg-1" },
    personaRoleArns: { "data-scientist": `arn:aws:iam::${A}:role/ds` },
    kmsKeyArn: KEY,
    logRetentionDays: 30,
};

const RETRAIN = {
    prefix: "team",
    environment: "dev",
    settings: { name: "churn", imageTag: "v1" },
    network: { vpcId: "vpc-1", subnetIds: ["subnet-1", "subnet-2"] },
    dataBucket: { name: "d", arn: "arn:aws:s3:::d" },
    artifactsBucket: { name: "a", arn: "arn:aws:s3:::a" },
    kmsKeyArn: KEY,
    logRetentionDays: 30,
};

const MLOPS = {
    prefix: "sefaz-ml",
    environment: "dev",
    settings: { name: "fraud", approverEmails: ["r@example.org"] },
    network: { vpcId: "vpc-1", subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] },
    artifactsBucket: { name: "artifacts", arn: "arn:aws:s3:::artifacts" },
    kmsKey: { arn: KEY, alias: "alias/sefaz-ml-dev" },
    logRetentionDays: 30,
};

const ENDPOINT = {
    endpointName: "sefaz-ml-churn-staging",
    modelPackageArn: `arn:aws:sagemaker:us-east-1:${A}:model-package/sefaz-ml-churn/3`,
    executionRoleArn: `arn:aws:iam::${A}:role/sefaz-ml-churn-model-execution-role-staging`,
    subnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
    securityGroupIds: ["sg-0a1b2c3d4e5f60003"],
    kmsKeyArn: KEY,
    instanceType: "ml.m5.large",
    initialInstanceCount: 2,
    maxInstanceCount: 4,
    dataCaptureS3Uri: "s3://sefaz-ml-artifacts-staging/data-capture/churn",
    tags: { project: "sefaz-ml", environment: "staging", owner: "ml-platform-team", "cost-center": "cc-1234" },
};

describe("component provider construct (PersonaRole, StudioDomain, RetrainPipeline, MlopsProject, ModelEndpoint)", function () {
    this.timeout(60_000);

    it("checks the inputs against the package schema: unknown keys, missing required ones, wrong enum values", () => {
        assert.deepEqual(engineInputProblems("PersonaRole", PERSONA), []);
        assert.match(engineInputProblems("PersonaRole", { ...PERSONA, context: { partition: "aws" } }).join("\n"), /must NOT have additional properties.*"context"/);
        assert.match(engineInputProblems("PersonaRole", { ...PERSONA, kmsKeyArn: undefined }).join("\n"), /must have required property 'kmsKeyArn'/);
        assert.match(engineInputProblems("StudioDomain", { ...STUDIO, settings: { ...STUDIO.settings, authMode: "LDAP" } }).join("\n"), /\/settings\/authMode must be equal to one of the allowed values/);
        assert.notDeepEqual(engineInputProblems("MlopsProject", { ...MLOPS, settings: { ...MLOPS.settings, source: { type: "github" } } }), []);
    });

    it("PersonaRole: one role and its policy under the component; roleArn is the role's ARN", async () => {
        const c = await construct("PersonaRole", "analyst", PERSONA);
        const role = onlyChild(c, "aws:iam/role:Role");
        assert.equal(role.parent, c.component.urn);
        assert.equal(inputs(role).name, "acme-ml-sm-analyst-role-dev");
        assert.equal(onlyChild(c, "aws:iam/rolePolicy:RolePolicy").parent, role.urn);
        assert.equal(await resolved(c.state.roleArn), role.rawOutputs.arn);
    });

    it("PersonaRole: a bad persona name gets the component's own message", async () => {
        await rejectsWith("PersonaRole", { ...PERSONA, persona: "Bad Name" }, /PersonaRole bad: invalid arguments \(1 problem\):\n {2}- persona: found "Bad Name"/);
    });

    it("StudioDomain: the domain, a profile per user, the shared space, the launch policy; outputs are theirs", async () => {
        const c = await construct("StudioDomain", "studio", STUDIO);
        const domain = onlyChild(c, "aws:sagemaker/domain:Domain");
        assert.equal(inputs(domain).domainName, "team-studio-dev");
        assert.deepEqual(childrenOf(c, "aws:sagemaker/userProfile:UserProfile").map((p) => inputs(p).userProfileName), ["ana"]);
        assert.equal(childrenOf(c, "aws:sagemaker/space:Space").length, 1);
        const launch = childrenOf(c, "aws:iam/policy:Policy").filter((p) => p.name.endsWith("launch"));
        assert.equal(launch.length, 1);
        // The mocked engine's ID for the domain (its resource ID, not one of its outputs).
        const domainId = computedOutputs({ type: domain.type, name: domain.name, inputs: domain.rawInputs, custom: true }, "us-east-1").id;
        assert.equal(await resolved(c.state.domainId), domainId);
        assert.equal(await resolved(c.state.domainArn), domain.rawOutputs.arn);
        assert.equal(await resolved(c.state.launchPolicyArn), launch[0].rawOutputs.arn);
    });

    it("StudioDomain: bad settings get the component's own message listing each", async () => {
        await rejectsWith(
            "StudioDomain",
            { ...STUDIO, settings: { ...STUDIO.settings, sharedSpaces: [{ name: "lab", owner: "bob" }] }, logRetentionDays: 31 },
            /StudioDomain bad: invalid arguments \(2 problems\):[^]*settings\.sharedSpaces\[0\]\.owner: found "bob"[^]*logRetentionDays: found 31/,
        );
    });

    it("RetrainPipeline: state machine, image repository, source repository, topic, secret; outputs are theirs", async () => {
        const c = await construct("RetrainPipeline", "churn", RETRAIN);
        const machine = onlyChild(c, "aws:sfn/stateMachine:StateMachine");
        const image = onlyChild(c, "aws:ecr/repository:Repository");
        const source = onlyChild(c, "aws:codecommit/repository:Repository");
        const topic = onlyChild(c, "aws:sns/topic:Topic");
        const secret = onlyChild(c, "aws:secretsmanager/secret:Secret");
        assert.equal(inputs(machine).name, "team-churn-dev");
        assert.ok(childrenOf(c, "aws:ecs/taskDefinition:TaskDefinition").length >= 1);
        assert.equal(await resolved(c.state.stateMachineArn), machine.rawOutputs.arn);
        assert.equal(await resolved(c.state.imageRepositoryUrl), image.rawOutputs.repositoryUrl);
        assert.equal(await resolved(c.state.repositoryCloneUrl), source.rawOutputs.cloneUrlHttp);
        assert.equal(await resolved(c.state.alertsTopicArn), topic.rawOutputs.arn);
        assert.equal(await resolved(c.state.credentialsSecretArn), secret.rawOutputs.arn);
    });

    it("RetrainPipeline: the schema marks dbPassword secret, so the SDKs send it as one; a given password reaches the secret version", async () => {
        const schema = JSON.parse(await provider.getSchema());
        assert.equal(schema.resources["mlplatform:components:RetrainPipeline"].inputProperties.dbPassword.secret, true);
        const c = await construct("RetrainPipeline", "churn", { ...RETRAIN, dbPassword: "given-Passw0rd" });
        assert.equal(childrenOf(c, "random:index/randomPassword:RandomPassword").length, 0, "no generated password when one is given");
        assert.match(JSON.stringify(inputs(onlyChild(c, "aws:secretsmanager/secretVersion:SecretVersion")).secretString), /given-Passw0rd/);
    });

    it("RetrainPipeline: a bad schedule and recovery window get the component's own message", async () => {
        await rejectsWith(
            "RetrainPipeline",
            { ...RETRAIN, settings: { ...RETRAIN.settings, schedule: "every monday" }, secretRecoveryWindowDays: 3 },
            /RetrainPipeline bad: invalid arguments \(2 problems\):[^]*settings\.schedule: found "every monday"[^]*secretRecoveryWindowDays: found 3; allowed: a whole number of days from 7 to 30/,
        );
    });

    it("MlopsProject: build and deploy pipelines, model package group, approver policy; outputs are theirs", async () => {
        const c = await construct("MlopsProject", "mlops-fraud", MLOPS);
        const pipelines = childrenOf(c, "aws:codepipeline/pipeline:Pipeline");
        assert.deepEqual(pipelines.map((p) => p.name).sort(), ["mlops-fraud-build", "mlops-fraud-deploy"]);
        const byName = (n: string) => pipelines.find((p) => p.name === n)!;
        const group = onlyChild(c, "aws:sagemaker/modelPackageGroup:ModelPackageGroup");
        const approver = onlyChild(c, "aws:iam/policy:Policy", "mlops-fraud-approver");
        assert.equal(await resolved(c.state.buildPipelineArn), byName("mlops-fraud-build").rawOutputs.arn);
        assert.equal(await resolved(c.state.deployPipelineArn), byName("mlops-fraud-deploy").rawOutputs.arn);
        assert.equal(await resolved(c.state.modelPackageGroupArn), group.rawOutputs.arn);
        assert.equal(await resolved(c.state.approverPolicyArn), approver.rawOutputs.arn);
    });

    it("MlopsProject: a connection source without owner/repo gets the component's own message", async () => {
        const settings = { ...MLOPS.settings, source: { type: "codeconnections", connectionArn: `arn:aws:codeconnections:us-east-1:${A}:connection/0a1b2c3d-4e5f` }, buildRepository: "acme/fraud-build" };
        await rejectsWith("MlopsProject", { ...MLOPS, settings }, /MlopsProject bad: invalid arguments[^]*settings\.deployRepository: found nothing .*; allowed: owner\/repo of the repository behind the connection/);
    });

    it("ModelEndpoint: model, configuration, endpoint, alarms, its own alarm topic; outputs are theirs", async () => {
        const c = await construct("ModelEndpoint", "churn", ENDPOINT);
        const model = onlyChild(c, "aws:sagemaker/model:Model");
        const config = onlyChild(c, "aws:sagemaker/endpointConfiguration:EndpointConfiguration");
        const endpoint = onlyChild(c, "aws:sagemaker/endpoint:Endpoint");
        const topic = onlyChild(c, "aws:sns/topic:Topic");
        assert.ok(childrenOf(c, "aws:cloudwatch/metricAlarm:MetricAlarm").length >= 1);
        assert.equal(await resolved(c.state.endpointName), "sefaz-ml-churn-staging");
        assert.equal(await resolved(c.state.endpointName), endpoint.rawOutputs.name);
        assert.equal(await resolved(c.state.endpointArn), endpoint.rawOutputs.arn);
        assert.equal(await resolved(c.state.endpointConfigName), config.rawOutputs.name);
        assert.equal(await resolved(c.state.modelName), model.rawOutputs.name);
        assert.equal(await resolved(c.state.alarmTopicArn), topic.rawOutputs.arn);
    });

    it("ModelEndpoint: a given alarm topic is returned as alarmTopicArn and no topic is created", async () => {
        const given = `arn:aws:sns:us-east-1:${A}:sefaz-ml-churn-alerts-staging`;
        const c = await construct("ModelEndpoint", "churn", { ...ENDPOINT, alarmTopicArn: given });
        assert.equal(childrenOf(c, "aws:sns/topic:Topic").length, 0);
        assert.equal(await resolved(c.state.alarmTopicArn), given);
    });

    it("in preview (children's IDs and ARNs unknown) still returns every declared output for each of the five", async () => {
        const cases: Array<[ComponentName, Record<string, unknown>]> = [
            ["PersonaRole", PERSONA],
            ["StudioDomain", STUDIO],
            ["RetrainPipeline", RETRAIN],
            ["MlopsProject", MLOPS],
            ["ModelEndpoint", ENDPOINT],
        ];
        const returned: Record<string, string[]> = {};
        await inlineRun(
            async () => {
                for (const [component, engineInputs] of cases) {
                    returned[component] = Object.keys((await provider.construct(`p-${component.toLowerCase()}`, `mlplatform:components:${component}`, engineInputs, {})).state);
                }
            },
            { preview: true },
        );
        for (const [component] of cases) assert.deepEqual(returned[component], Object.keys(COMPONENTS[component].outputs), component);
    });

    it("ModelEndpoint: a bad instance count gets the component's own message", async () => {
        await rejectsWith("ModelEndpoint", { ...ENDPOINT, initialInstanceCount: 0 }, /ModelEndpoint bad: invalid arguments \(\d+ problems?\):[^]*initialInstanceCount: found 0/);
    });
});
