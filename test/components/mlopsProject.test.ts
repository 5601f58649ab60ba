import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { parse as parseYaml } from "yaml";
import {
    ARTIFACT_FOLDER_CHARACTERS,
    BUILD_STAGES,
    DEFAULT_BUILDSPECS,
    DEPLOY_PIPELINE_STAGES,
    MLOPS_NAME_LIMITS,
    MLOPS_PIPELINES,
    MLOPS_ROLE_KEYS,
    MlopsProject,
    MlopsProjectNames,
    MlopsRoleKey,
    approvedPackagePattern,
    approverPolicy,
    awaitingReviewPattern,
    mlopsNameProblems,
    mlopsProjectSettingsSchema,
    mlopsRolePolicies,
    pipelineFailedPattern,
} from "../../components/mlopsProject";
import { ComponentArgsError } from "../../components/args";
import { Naming } from "../../components/naming";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { CapturedResource, ProgramRun } from "../../tools/offline/runProgram";
import { decide } from "../iamSimulator";
import { trustedPrincipals } from "../support/iamDocuments";
import { matchesPattern } from "../support/eventPattern";
import { inlineRun, inputs, one, stackRun } from "../harness";

const A = MOCK_ACCOUNT_ID;
const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:${A}:${resource}`;

/** Resources of the MLOps project component named `mlops-<project>`. */
function projectOf(run: ProgramRun, project = "churn") {
    const component = one(run, "mlplatform:components:MlopsProject", `mlops-${project}`);
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const inside = (r: CapturedResource): boolean => {
        for (let p = r.parent; p; p = byUrn.get(p)?.parent) if (p === component.urn) return true;
        return false;
    };
    const members = run.resources.filter(inside);
    const get = (type: string, name: string) => {
        const found = members.filter((r) => r.type === type && r.name === `mlops-${project}-${name}`);
        assert.equal(found.length, 1, `${type} ${name}: found ${found.length}`);
        return found[0];
    };
    const all = (type: string) => members.filter((r) => r.type === type);
    return { component, members, get, all };
}

describe("MlopsProject", () => {
    for (const stack of ["dev", "prod"]) {
        describe(`in the ${stack} stack`, () => {
            let run: ProgramRun;
            let p: ReturnType<typeof projectOf>;
            before(async () => {
                run = await stackRun(stack);
                p = projectOf(run);
            });
            const keyArn = () => one(run, "aws:kms/key:Key").rawOutputs.arn;
            const roleArn = (key: string) => p.get("aws:iam/role:Role", key).rawOutputs.arn;
            const pipeline = (which: string) => inputs(p.get("aws:codepipeline/pipeline:Pipeline", which));
            const branch = stack === "prod" ? "main" : "dev";

            it("builds with a V2 pipeline Source → Build, deploys Source → Resolve → DeployStaging → TestStaging → ManualApproval → DeployProd", () => {
                assert.deepEqual(pipeline("build").stages.map((s: any) => s.name), [...BUILD_STAGES]);
                assert.deepEqual(pipeline("deploy").stages.map((s: any) => s.name), [...DEPLOY_PIPELINE_STAGES]);
                assert.deepEqual(DEPLOY_PIPELINE_STAGES.indexOf("ManualApproval") + 1, DEPLOY_PIPELINE_STAGES.indexOf("DeployProd"));
                for (const which of ["build", "deploy"]) {
                    assert.equal(pipeline(which).pipelineType, "V2");
                    assert.equal(pipeline(which).name, `churn_${which}_sefaz-ml-${stack}`);
                    assert.equal(pipeline(which).roleArn, roleArn("pipeline"));
                }
            });

            it("keeps artifacts in the artifacts bucket under the platform key", () => {
                const bucket = one(run, "aws:s3/bucket:Bucket", "artifacts").rawOutputs.bucket;
                for (const which of ["build", "deploy"]) {
                    assert.deepEqual(pipeline(which).artifactStores, [{ type: "S3", location: bucket, encryptionKey: { id: keyArn(), type: "KMS" } }]);
                }
            });

            it("never polls: pushes to the branch start both pipelines through EventBridge rules with a role", () => {
                for (const which of ["build", "deploy"]) {
                    const [source] = pipeline(which).stages[0].actions;
                    assert.equal(source.provider, "CodeCommit");
                    assert.equal(source.configuration.PollForSourceChanges, "false");
                    assert.equal(source.configuration.BranchName, branch);
                    const rule = JSON.parse(inputs(p.get("aws:cloudwatch/eventRule:EventRule", `${which}-push`)).eventPattern);
                    assert.deepEqual(rule.resources, [arn("codecommit", which === "build" ? "model-build-pipeline" : "model-deploy-pipeline")]);
                    assert.deepEqual(rule.detail.referenceName, [branch]);
                    const target = inputs(p.get("aws:cloudwatch/eventTarget:EventTarget", `${which}-push`));
                    assert.equal(target.arn, p.get("aws:codepipeline/pipeline:Pipeline", which).rawOutputs.arn);
                    assert.equal(target.roleArn, roleArn("events"));
                }
            });

            it("starts the deploy pipeline only on an Approved package of its own group", () => {
                const rule = JSON.parse(inputs(p.get("aws:cloudwatch/eventRule:EventRule", "approved")).eventPattern);
                assert.deepEqual(rule, approvedPackagePattern(`sefaz-ml-churn-${stack}`));
                const target = inputs(p.get("aws:cloudwatch/eventTarget:EventTarget", "approved"));
                assert.equal(target.arn, p.get("aws:codepipeline/pipeline:Pipeline", "deploy").rawOutputs.arn);
                assert.equal(target.roleArn, roleArn("events"));
            });

            it("deploys the resolved package to both stages with the contract's variables, after a reviewer's approval for prod", () => {
                const stages = pipeline("deploy").stages;
                const vars = (stage: string) => {
                    const action = stages.find((s: any) => s.name === stage).actions[0];
                    return Object.fromEntries(JSON.parse(action.configuration.EnvironmentVariables).map((v: any) => [v.name, v.value]));
                };
                assert.equal(stages.find((s: any) => s.name === "Resolve").actions[0].namespace, "Resolve");
                for (const [stage, name] of [["DeployStaging", "staging"], ["DeployProd", "prod"]]) {
                    const v = vars(stage);
                    assert.equal(v.MODEL_PACKAGE_ARN, "#{Resolve.MODEL_PACKAGE_ARN}", "the same resolved package in both stages");
                    assert.equal(v.DEPLOY_STAGE, name);
                    assert.equal(v.ENDPOINT_NAME, `sefaz-ml-churn-${name}-${stack}`);
                    assert.equal(v.PULUMI_STACK, `churn-${name}`);
                    assert.ok(v.ENDPOINT_NAME.length <= 63);
                    assert.match(v.DATA_CAPTURE_S3_URI, new RegExp(`^s3://sefaz-ml-artifacts-${stack}-${A}-us-east-1/mlops/churn/data-capture/${name}$`));
                    assert.ok(["INSTANCE_TYPE", "INSTANCE_COUNT", "MAX_INSTANCE_COUNT"].every((k) => v[k]));
                }
                assert.equal(vars("DeployProd").INSTANCE_COUNT, stack === "prod" ? "2" : "1");
                const approval = stages.find((s: any) => s.name === "ManualApproval").actions[0];
                assert.deepEqual([approval.category, approval.provider], ["Approval", "Manual"]);
                assert.equal(approval.configuration.NotificationArn, p.get("aws:sns/topic:Topic", "approvals").rawOutputs.arn);
                assert.deepEqual(vars("TestStaging"), { ENDPOINT_NAME: `sefaz-ml-churn-staging-${stack}`, TEST_PAYLOAD_FILE: "programs/model-endpoint/test-payload.json" });
            });

            it("gives the deploy build the rest of the contract: network, key, model role, alarm topic, state and secrets provider", () => {
                const project = inputs(p.get("aws:codebuild/project:Project", "deploy"));
                const env = Object.fromEntries(project.environment.environmentVariables.map((v: any) => [v.name, v.value]));
                assert.equal(env.KMS_KEY_ARN, keyArn());
                assert.equal(env.MODEL_EXECUTION_ROLE_ARN, roleArn("model"));
                assert.equal(env.ALARM_TOPIC_ARN, p.get("aws:sns/topic:Topic", "alerts").rawOutputs.arn);
                assert.equal(env.PULUMI_BACKEND_URL, `s3://sefaz-ml-artifacts-${stack}-${A}-us-east-1/pulumi-state/churn`);
                assert.equal(env.PULUMI_SECRETS_PROVIDER, `awskms://alias/sefaz-ml-${stack}?region=us-east-1`);
                assert.equal(env.ENDPOINT_PROGRAM_DIR, "programs/model-endpoint");
                assert.ok(env.SUBNET_IDS.split(",").length >= 2);
                assert.ok(project.environment.environmentVariables.every((v: any) => v.type === "PLAINTEXT"), "no secret in the build's environment");
            });

            it("sets every variable the deploy and test buildspecs require, from the project or its pipeline action", () => {
                // CodeBuild itself provides only these; everything else the buildspec's check loop names must be set here.
                const BUILT_IN = ["AWS_REGION", "CODEBUILD_SRC_DIR"];
                const required = (file: string) => {
                    const loop = /for name in ([A-Z0-9_ ]+); do/.exec(fs.readFileSync(file, "utf8"));
                    assert.ok(loop, `${path.basename(file)} checks its variables in one loop`);
                    return loop[1].trim().split(/\s+/).filter((v) => !BUILT_IN.includes(v));
                };
                const projectVars = (key: string) => inputs(p.get("aws:codebuild/project:Project", key)).environment.environmentVariables.map((v: any) => v.name as string);
                const actionVars = (stage: string) => {
                    const action = pipeline("deploy").stages.find((s: any) => s.name === stage).actions[0];
                    return JSON.parse(action.configuration.EnvironmentVariables).map((v: any) => v.name as string);
                };
                for (const stage of ["DeployStaging", "DeployProd"]) {
                    const set = new Set([...projectVars("deploy"), ...actionVars(stage)]);
                    assert.deepEqual(required(DEFAULT_BUILDSPECS.deploy).filter((v) => !set.has(v)), [], `${stage}: variables model-deploy.yml requires`);
                }
                const testSet = new Set([...projectVars("endpoint-test"), ...actionVars("TestStaging")]);
                assert.deepEqual(required(DEFAULT_BUILDSPECS["endpoint-test"]).filter((v) => !testSet.has(v)), [], "variables model-endpoint-test.yml requires");
                const tags = Object.fromEntries(inputs(p.get("aws:codebuild/project:Project", "deploy")).environment.environmentVariables.map((v: any) => [v.name, v.value])).ENDPOINT_TAGS;
                assert.match(tags, /^project=sefaz-ml,owner=[^,=]+,cost-center=[^,=]+$/);
            });

            it("encrypts and logs every build with retention; the model build runs in the private subnets", () => {
                const projects = p.all("aws:codebuild/project:Project");
                assert.equal(projects.length, 4);
                const retention = stack === "prod" ? 365 : 30;
                for (const r of projects) {
                    const project = inputs(r);
                    assert.equal(project.encryptionKey, keyArn(), r.name);
                    assert.equal(project.environment.privilegedMode, false, r.name);
                    const group = run.resources.find((g) => g.type === "aws:cloudwatch/logGroup:LogGroup" && inputs(g).name === project.logsConfig.cloudwatchLogs.groupName)!;
                    assert.deepEqual([inputs(group).retentionInDays, inputs(group).kmsKeyId], [retention, keyArn()], r.name);
                }
                const build = inputs(p.get("aws:codebuild/project:Project", "model-build"));
                const subnets = (run.outputs.network as { privateSubnetIds: string[] }).privateSubnetIds;
                assert.ok(subnets.length >= 2);
                assert.deepEqual([...build.vpcConfig.subnets].sort(), [...subnets].sort());
                assert.equal(build.source.buildspec, fs.readFileSync(DEFAULT_BUILDSPECS["model-build"], "utf8"));
            });

            it("encrypts repositories and topics with the platform key and protects the registry and repositories in prod only", () => {
                const group = p.get("aws:sagemaker/modelPackageGroup:ModelPackageGroup", "models");
                assert.equal(inputs(group).modelPackageGroupName, `sefaz-ml-churn-${stack}`);
                assert.equal(group.protect, stack === "prod");
                for (const repo of p.all("aws:codecommit/repository:Repository")) {
                    assert.equal(inputs(repo).kmsKeyId, keyArn());
                    assert.equal(repo.protect, stack === "prod");
                }
                for (const topic of p.all("aws:sns/topic:Topic")) assert.equal(inputs(topic).kmsMasterKeyId, keyArn());
                const reviewers = p.all("aws:sns/topicSubscription:TopicSubscription").map((s) => inputs(s).endpoint);
                assert.ok(reviewers.includes("ml-reviewers@example.org"));
            });

            it("lets this account's rules publish to both topics and its alarms to the alerts topic only, over TLS", async () => {
                const policy = (purpose: string) => {
                    const t = String(p.get("aws:sns/topic:Topic", purpose).rawOutputs.arn);
                    const topicPolicy = run.resources.find((r) => r.type === "aws:sns/topicPolicy:TopicPolicy" && r.name === `mlops-churn-${purpose}`)!;
                    return { t, doc: JSON.parse(inputs(topicPolicy).policy) };
                };
                const publish = async (purpose: string, service: string, account = A) => {
                    const { t, doc } = policy(purpose);
                    return decide({ principal: service, action: "sns:Publish", resource: t, resourceAccount: A, resourcePolicy: doc, context: { "aws:SourceAccount": account, "aws:SecureTransport": "true" } });
                };
                assert.equal(await publish("alerts", "cloudwatch.amazonaws.com"), "Allowed");
                assert.equal(await publish("alerts", "events.amazonaws.com"), "Allowed");
                assert.equal(await publish("approvals", "events.amazonaws.com"), "Allowed");
                assert.equal(await publish("approvals", "cloudwatch.amazonaws.com"), "ImplicitlyDenied");
                assert.equal(await publish("alerts", "events.amazonaws.com", "210987654321"), "ImplicitlyDenied");
            });

            it("has one role per workload, each trusted by one service for this account only", () => {
                const roles = p.all("aws:iam/role:Role");
                assert.deepEqual(roles.map((r) => r.name.replace("mlops-churn-", "")).sort(), [...MLOPS_ROLE_KEYS].sort());
                for (const r of roles) {
                    const trust = JSON.parse(inputs(r).assumeRolePolicy);
                    assert.equal(trustedPrincipals(trust).services.length, 1, r.name);
                    for (const st of trust.Statement) assert.deepEqual(st.Condition, { StringEquals: { "aws:SourceAccount": A } }, r.name);
                }
            });

            it("alerts on failed CodePipeline and SageMaker pipeline executions, and tells reviewers of pending packages", () => {
                const alerts = p.get("aws:sns/topic:Topic", "alerts").rawOutputs.arn;
                const approvals = p.get("aws:sns/topic:Topic", "approvals").rawOutputs.arn;
                assert.equal(inputs(p.get("aws:cloudwatch/eventTarget:EventTarget", "pipeline-failed")).arn, alerts);
                assert.equal(inputs(p.get("aws:cloudwatch/eventTarget:EventTarget", "sm-failed")).arn, alerts);
                assert.equal(inputs(p.get("aws:cloudwatch/eventTarget:EventTarget", "awaiting-review")).arn, approvals);
                const failed = JSON.parse(inputs(p.get("aws:cloudwatch/eventRule:EventRule", "sm-failed")).eventPattern);
                assert.deepEqual(failed.detail.pipelineArn, [arn("sagemaker", `pipeline/sefaz-ml-churn-${stack}`)]);
            });
        });
    }

    describe("with a CodeConnections source", () => {
        const connectionArn = `arn:aws:codeconnections:us-east-1:${A}:connection/0a1b2c3d-4e5f`;
        const settings = { name: "fraud", source: { type: "codeconnections" as const, connectionArn }, buildRepository: "acme/fraud-build", deployRepository: "acme/fraud-deploy", approverEmails: ["r@example.org"] };
        const base = {
            prefix: "sefaz-ml",
            environment: "dev",
            network: { vpcId: "vpc-1", subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] },
            artifactsBucket: { name: "artifacts", arn: "arn:aws:s3:::artifacts" },
            kmsKey: { arn: arn("kms", "key/k"), alias: "alias/sefaz-ml-dev" },
            logRetentionDays: 30,
            context: { partition: "aws", accountId: A, region: "us-east-1" },
        };

        it("starts on pushes through pipeline triggers, creates no repository and no push rule", async () => {
            const run = await inlineRun(() => new MlopsProject("mlops-fraud", { ...base, settings }));
            const p = projectOf(run, "fraud");
            const build = inputs(p.get("aws:codepipeline/pipeline:Pipeline", "build"));
            assert.equal(build.stages[0].actions[0].provider, "CodeStarSourceConnection");
            assert.equal(build.stages[0].actions[0].configuration.FullRepositoryId, "acme/fraud-build");
            assert.deepEqual(build.triggers, [{ providerType: "CodeStarSourceConnection", gitConfiguration: { sourceActionName: "Source", pushes: [{ branches: { includes: ["main"] } }] } }]);
            assert.equal(p.all("aws:codecommit/repository:Repository").length, 0);
            assert.ok(!p.members.some((r) => r.name.endsWith("-push")));
            const pipelineRole = JSON.parse(inputs(p.get("aws:iam/rolePolicy:RolePolicy", "pipeline")).policy);
            assert.deepEqual(pipelineRole.Statement.find((s: any) => s.Sid === "UseOwnConnection").Resource, [connectionArn]);
        });

        it("refuses a connection source without owner/repo before registering anything", async () => {
            let error: unknown;
            const run = await inlineRun(() => {
                try {
                    new MlopsProject("mlops-fraud", { ...base, settings: { ...settings, deployRepository: undefined } });
                } catch (e) {
                    error = e;
                }
            });
            assert.ok(error instanceof ComponentArgsError, String(error));
            assert.match((error as Error).message, /settings\.deployRepository: found nothing .*; allowed: owner\/repo of the repository behind the connection/);
            // The component registers itself (super) before it parses its arguments; no child exists.
            assert.deepEqual(run.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.urn), []);
        });
    });

    describe("names planner (pure)", () => {
        const prefix = fc.stringMatching(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/);
        const env = fc.constantFrom("dev", "staging", "prod");
        // Project names as the schema accepts them: no double hyphen (fast-check cannot generate lookaheads).
        const project = fc.stringMatching(/^[a-z][a-z0-9-]{0,16}[a-z0-9]$/).filter((n) => mlopsProjectSettingsSchema.shape.name.safeParse(n).success);

        it("keeps every name within its AWS limit for any prefix, environment and project name", () => {
            fc.assert(
                fc.property(prefix, env, project, (pr, e, name) => {
                    const names = new MlopsProjectNames(new Naming(pr, e), name);
                    assert.deepEqual(mlopsNameProblems(names), []);
                    for (const [what, of, limit] of MLOPS_NAME_LIMITS) for (const n of of(names)) assert.ok(n.length <= limit, `${what} ${n}`);
                    return true;
                }),
                { numRuns: 300 },
            );
        });

        it("gives every pipeline of a stack its own artifact folder (first 20 characters of its name)", () => {
            fc.assert(
                fc.property(prefix, env, fc.uniqueArray(project, { minLength: 2, maxLength: 8 }), (pr, e, projects) => {
                    const folders = projects.flatMap((name) => MLOPS_PIPELINES.map((w) => new MlopsProjectNames(new Naming(pr, e), name).pipeline(w).slice(0, ARTIFACT_FOLDER_CHARACTERS)));
                    assert.equal(new Set(folders).size, folders.length, folders.join(" "));
                    return true;
                }),
                { numRuns: 500 },
            );
        });

        it("would collide on a prefix-first name, which is why pipelines start with the project", () => {
            const naive = (name: string, w: string) => new Naming("sefaz-ml-platform", "dev").name(`${name}-${w}`).slice(0, 20);
            assert.equal(naive("churn", "build"), naive("churn", "deploy"));
        });
    });

    describe("IAM simulator: must allow and must deny", () => {
        const ctx = { partition: "aws", accountId: A, region: "us-east-1" };
        const names = new MlopsProjectNames(new Naming("sefaz-ml", "dev"), "churn");
        const bucket = `arn:aws:s3:::sefaz-ml-artifacts-dev-${A}-us-east-1`;
        const key = arn("kms", "key/k");
        const docs = mlopsRolePolicies({
            names,
            ctx,
            artifactsBucketArn: bucket,
            dataBucketArn: `arn:aws:s3:::sefaz-ml-data-dev-${A}-us-east-1`,
            kmsKeyArn: key,
            source: { type: "codecommit", buildRepository: "model-build-pipeline", deployRepository: "model-deploy-pipeline" },
            subnetIds: ["subnet-1"],
            securityGroupIds: ["sg-1"],
            state: { bucketArn: bucket, prefix: "pulumi-state/churn" },
        });
        const approver = approverPolicy(names, ctx);
        const who: Record<string, object> = { ...docs, approver };
        const principal = (w: string) => (w === "approver" ? `arn:aws:iam::${A}:role/reviewer` : `arn:aws:iam::${A}:role/${names.role(w as MlopsRoleKey)}`);
        const pkg = arn("sagemaker", "model-package/sefaz-ml-churn-dev/3");
        const otherPkg = arn("sagemaker", "model-package/sefaz-ml-fraud-dev/3");
        const approved = { "sagemaker:ModelApprovalStatus": "Approved" };
        const pending = { "sagemaker:ModelApprovalStatus": "PendingManualApproval" };
        const promote = `${arn("codepipeline", "churn_deploy_sefaz-ml-dev")}/ManualApproval/ApproveProd`;
        const table: Array<[string, string, string, Record<string, string>, "Allowed" | "ImplicitlyDenied"]> = [
            ["sm-pipeline", "sagemaker:CreateModelPackage", pkg, pending, "Allowed"],
            ["sm-pipeline", "sagemaker:CreateModelPackage", pkg, approved, "ImplicitlyDenied"],
            ["sm-pipeline", "sagemaker:CreateModelPackage", pkg, {}, "ImplicitlyDenied"],
            ["sm-pipeline", "sagemaker:CreateModelPackage", otherPkg, pending, "ImplicitlyDenied"],
            ["sm-pipeline", "sagemaker:CreateTrainingJob", arn("sagemaker", "training-job/pipelines-abc-train"), {}, "Allowed"],
            ["sm-pipeline", "s3:PutObject", `${bucket}/mlops/churn/model.tar.gz`, {}, "Allowed"],
            ["sm-pipeline", "s3:PutObject", `${bucket}/mlops/fraud/model.tar.gz`, {}, "ImplicitlyDenied"],
            ["model-build", "sagemaker:StartPipelineExecution", arn("sagemaker", "pipeline/sefaz-ml-churn-dev"), {}, "Allowed"],
            ["model-build", "sagemaker:StartPipelineExecution", arn("sagemaker", "pipeline/sefaz-ml-fraud-dev"), {}, "ImplicitlyDenied"],
            ["model-build", "iam:PassRole", principal("sm-pipeline"), { "iam:PassedToService": "sagemaker.amazonaws.com" }, "Allowed"],
            ["model-build", "iam:PassRole", principal("model"), { "iam:PassedToService": "sagemaker.amazonaws.com" }, "ImplicitlyDenied"],
            ["deploy", "sagemaker:UpdateEndpoint", arn("sagemaker", "endpoint/sefaz-ml-churn-staging-dev"), {}, "Allowed"],
            ["deploy", "sagemaker:UpdateEndpoint", arn("sagemaker", "endpoint/sefaz-ml-churn-prod-dev"), {}, "Allowed"],
            ["deploy", "sagemaker:UpdateEndpoint", arn("sagemaker", "endpoint/sefaz-ml-fraud-prod-dev"), {}, "ImplicitlyDenied"],
            ["deploy", "sagemaker:DeleteEndpoint", arn("sagemaker", "endpoint/other-team-endpoint"), {}, "ImplicitlyDenied"],
            ["deploy", "sagemaker:CreateEndpointConfig", arn("sagemaker", "endpoint-config/sefaz-ml-churn-prod-dev-0a1b2c3d"), {}, "Allowed"],
            ["deploy", "sagemaker:CreateModel", arn("sagemaker", "model/sefaz-ml-churn-staging-dev-0a1b2c3d"), {}, "Allowed"],
            ["deploy", "sagemaker:InvokeEndpoint", arn("sagemaker", "endpoint/sefaz-ml-churn-staging-dev"), {}, "Allowed"],
            ["deploy", "iam:PassRole", principal("model"), { "iam:PassedToService": "sagemaker.amazonaws.com" }, "Allowed"],
            ["deploy", "kms:CreateGrant", key, { "kms:ViaService": "sagemaker.us-east-1.amazonaws.com", "kms:GrantIsForAWSResource": "true" }, "Allowed"],
            ["deploy", "kms:CreateGrant", key, { "kms:ViaService": "ec2.us-east-1.amazonaws.com", "kms:GrantIsForAWSResource": "true" }, "ImplicitlyDenied"],
            ["deploy", "s3:PutObject", `${bucket}/pulumi-state/churn/.pulumi/stacks/churn-prod.json`, {}, "Allowed"],
            ["deploy", "s3:PutObject", `${bucket}/pulumi-state/fraud/.pulumi/stacks/fraud-prod.json`, {}, "ImplicitlyDenied"],
            ["pipeline", "codebuild:StartBuild", arn("codebuild", "project/sefaz-ml-churn-deploy-dev"), {}, "Allowed"],
            ["pipeline", "codebuild:StartBuild", arn("codebuild", "project/sefaz-ml-fraud-deploy-dev"), {}, "ImplicitlyDenied"],
            ["pipeline", "sns:Publish", arn("sns", "sefaz-ml-churn-approvals-dev"), {}, "Allowed"],
            ["events", "codepipeline:StartPipelineExecution", arn("codepipeline", "churn_deploy_sefaz-ml-dev"), {}, "Allowed"],
            ["events", "codepipeline:StartPipelineExecution", arn("codepipeline", "fraud_deploy_sefaz-ml-dev"), {}, "ImplicitlyDenied"],
            ["model", "s3:GetObject", `${bucket}/mlops/churn/model.tar.gz`, {}, "Allowed"],
            ["model", "s3:GetObject", `arn:aws:s3:::sefaz-ml-data-dev-${A}-us-east-1/raw/x.csv`, {}, "ImplicitlyDenied"],
            ["approver", "sagemaker:UpdateModelPackage", pkg, approved, "Allowed"],
            ["approver", "sagemaker:UpdateModelPackage", pkg, { "sagemaker:ModelApprovalStatus": "Rejected" }, "Allowed"],
            ["approver", "sagemaker:UpdateModelPackage", otherPkg, approved, "ImplicitlyDenied"],
            ["approver", "codepipeline:PutApprovalResult", promote, {}, "Allowed"],
        ];
        // Nobody but an approver approves: no workload may set Approved, register as Approved or promote to prod.
        for (const w of MLOPS_ROLE_KEYS) {
            table.push([w, "sagemaker:UpdateModelPackage", pkg, approved, "ImplicitlyDenied"]);
            table.push([w, "sagemaker:CreateModelPackage", pkg, approved, "ImplicitlyDenied"]);
            table.push([w, "codepipeline:PutApprovalResult", promote, {}, "ImplicitlyDenied"]);
        }
        for (const [w, action, resource, context, expected] of table) {
            const when = Object.entries(context).map(([k, v]) => `${k}=${v}`).join(", ");
            it(`${w} ${action} on ${resource.split(":").slice(5).join(":")}${when ? ` (${when})` : ""}: ${expected}`, async () => {
                // A KMS key answers only with a key policy: this one delegates to IAM, so the role's policy decides.
                const delegateToIam = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" }] };
                const resourcePolicy = action.startsWith("kms:") ? delegateToIam : undefined;
                assert.equal(await decide({ principal: principal(w), action, resource, identityPolicies: [who[w]], resourcePolicy, context }), expected);
            });
        }
    });

    describe("EventBridge patterns (as data, against sample events)", () => {
        const event = (group: string, status: string) => ({
            source: "aws.sagemaker",
            "detail-type": "SageMaker Model Package State Change",
            detail: { ModelPackageGroupName: group, ModelPackageVersion: 3, ModelApprovalStatus: status },
        });
        const group = "sefaz-ml-churn-dev";
        it("starts the deploy on an Approved package of the group only", () => {
            assert.equal(matchesPattern(approvedPackagePattern(group), event(group, "Approved")), true);
            assert.equal(matchesPattern(approvedPackagePattern(group), event(group, "Rejected")), false);
            assert.equal(matchesPattern(approvedPackagePattern(group), event(group, "PendingManualApproval")), false);
            assert.equal(matchesPattern(approvedPackagePattern(group), event("sefaz-ml-fraud-dev", "Approved")), false);
            assert.equal(matchesPattern(approvedPackagePattern(group), { ...event(group, "Approved"), source: "custom.sagemaker" }), false);
        });
        it("tells reviewers of a pending package of the group only", () => {
            assert.equal(matchesPattern(awaitingReviewPattern(group), event(group, "PendingManualApproval")), true);
            assert.equal(matchesPattern(awaitingReviewPattern(group), event(group, "Approved")), false);
            assert.equal(matchesPattern(awaitingReviewPattern(group), event("sefaz-ml-fraud-dev", "PendingManualApproval")), false);
        });
        it("alerts on failed executions of the project's pipelines only", () => {
            const pattern = pipelineFailedPattern(["churn_build_sefaz-ml-dev", "churn_deploy_sefaz-ml-dev"]);
            const run = (pipeline: string, state: string) => ({ source: "aws.codepipeline", "detail-type": "CodePipeline Pipeline Execution State Change", detail: { pipeline, state } });
            assert.equal(matchesPattern(pattern, run("churn_deploy_sefaz-ml-dev", "FAILED")), true);
            assert.equal(matchesPattern(pattern, run("churn_deploy_sefaz-ml-dev", "SUCCEEDED")), false);
            assert.equal(matchesPattern(pattern, run("fraud_deploy_sefaz-ml-dev", "FAILED")), false);
        });
    });

    describe("buildspecs", () => {
        for (const file of [DEFAULT_BUILDSPECS["model-build"], DEFAULT_BUILDSPECS.resolve]) {
            it(`${path.basename(file)} parses and its commands pass bash -n`, () => {
                const spec = parseYaml(fs.readFileSync(file, "utf8"));
                assert.equal(spec.version, 0.2);
                const commands: string[] = Object.values(spec.phases as Record<string, { commands: string[] }>).flatMap((phase) => phase.commands);
                assert.ok(commands.length > 0);
                const dir = fs.mkdtempSync(path.join(os.tmpdir(), "buildspec-"));
                commands.forEach((c, i) => {
                    const script = path.join(dir, `${i}.sh`);
                    fs.writeFileSync(script, c);
                    execFileSync("bash", ["-n", script]);
                    assert.match(c, /set -euo pipefail/, "every command block fails on the first error");
                });
            });
        }
        it("the resolve step exports MODEL_PACKAGE_ARN and asks only for Approved packages", () => {
            const spec = parseYaml(fs.readFileSync(DEFAULT_BUILDSPECS.resolve, "utf8"));
            assert.deepEqual(spec.env["exported-variables"], ["MODEL_PACKAGE_ARN"]);
            assert.match(spec.phases.build.commands[0], /--model-approval-status Approved/);
            assert.match(spec.phases.build.commands[0], /exit 1/);
        });
        it("the model build registers models as PendingManualApproval", () => {
            assert.match(fs.readFileSync(DEFAULT_BUILDSPECS["model-build"], "utf8"), /"model_approval_status": "PendingManualApproval"/);
        });
    });
});
