import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyPack } from "../../../test/harness";
import { findings, inPreview, KEY, reported, ROLE } from "../../../test/support/policySpec";
import { productionDeployRules, wordsOf } from "./codepipeline-manual-approval-before-prod";

const POLICY = "codepipeline-manual-approval-before-prod";
type Action = aws.types.input.codepipeline.PipelineStageAction;
type Stage = { name: pulumi.Input<string>; actions: pulumi.Input<Action>[] };

const source: Stage = { name: "Source", actions: [{ name: "Source", category: "Source", owner: "AWS", provider: "CodeStarSourceConnection", version: "1", outputArtifacts: ["src"], configuration: { ConnectionArn: "arn:aws:codeconnections:us-east-1:123456789012:connection/x", FullRepositoryId: "org/model-deploy", BranchName: "main" } }] };
/** A CodeBuild action; `env` becomes its EnvironmentVariables (JSON text, as CodePipeline takes it). */
const codebuild = (name: string, env?: pulumi.Input<string> | Array<{ name: string; value: string; type?: string }>, runOrder?: number): Action => ({
    name,
    category: "Build",
    owner: "AWS",
    provider: "CodeBuild",
    version: "1",
    inputArtifacts: ["src"],
    runOrder,
    configuration: { ProjectName: "deploy", ...(env === undefined ? {} : { EnvironmentVariables: Array.isArray(env) ? JSON.stringify(env) : env }) },
});
const approval = (name = "Approve", runOrder?: number): Action => ({ name, category: "Approval", owner: "AWS", provider: "Manual", version: "1", runOrder, configuration: { NotificationArn: "arn:aws:sns:us-east-1:123456789012:approvals" } });
const stage = (name: pulumi.Input<string>, ...actions: Action[]): Stage => ({ name, actions });
const deployTo = (stageValue: string) => [{ name: "DEPLOY_STAGE", value: stageValue, type: "PLAINTEXT" }, { name: "ENDPOINT_NAME", value: "churn", type: "PLAINTEXT" }];
const pipeline = (name: string, ...stages: Stage[]) => new aws.codepipeline.Pipeline(name, { roleArn: ROLE, pipelineType: "V2", artifactStores: [{ location: "artifacts", type: "S3", encryptionKey: { id: KEY, type: "KMS" } }], stages });

/** Issue 12's deploy pipeline: Source → Resolve → DeployStaging → TestStaging → ManualApproval → DeployProd, changed by `change`. */
const deployPipeline = (name: string, change: (stages: Stage[]) => Stage[] = (s) => s) =>
    pipeline(
        name,
        ...change([
            source,
            stage("Resolve", codebuild("ResolveApprovedPackage")),
            stage("DeployStaging", codebuild("Deploy", deployTo("staging"))),
            stage("TestStaging", codebuild("InvokeEndpoint", [{ name: "ENDPOINT_NAME", value: "churn-staging" }])),
            stage("ManualApproval", approval()),
            stage("DeployProd", codebuild("Deploy", deployTo("prod"))),
        ]),
    );

describe(POLICY, () => {
    it("accepts issue 12's deploy pipeline and reports it without the approval, or with the approval after prod", async () => {
        const found = await findings(POLICY, () => {
            deployPipeline("ok");
            deployPipeline("no-approval", (s) => s.filter((st) => st.name !== "ManualApproval"));
            deployPipeline("approval-after-prod", (s) => [...s.filter((st) => st.name !== "ManualApproval"), stage("LateApproval", approval())]);
        });
        assert.deepEqual(found.map((f) => f.replace(/ Fix:.*/, "")).sort(), [
            'approval-after-prod: Pipeline "approval-after-prod" deploys to production in stage "DeployProd" (action "Deploy") with no manual approval before it.',
            'no-approval: Pipeline "no-approval" deploys to production in stage "DeployProd" (action "Deploy") with no manual approval before it.',
        ]);
    });

    it("counts an approval in the production stage only when its runOrder is lower than the deploy's", async () => {
        const found = await reported(POLICY, () => {
            pipeline("earlier-run-order", source, stage("Prod", approval("Approve", 1), codebuild("Deploy", deployTo("prod"), 2)));
            pipeline("same-run-order", source, stage("Prod", approval("Approve", 1), codebuild("Deploy", deployTo("prod"), 1)));
            pipeline("lambda-gate", source, stage("Gate", { name: "Approve", category: "Invoke", owner: "AWS", provider: "Lambda", version: "1", configuration: { FunctionName: "auto-approve" } }), stage("DeployProd", codebuild("Deploy", deployTo("prod"))));
        });
        assert.deepEqual(found, ["lambda-gate", "same-run-order"]);
    });

    it("recognises a production deploy by the deploy-stage variable, by names with a deploy word, or by a Deploy action's target", async () => {
        const cloudformation = (name: string, stackName: string): Action => ({ name, category: "Deploy", owner: "AWS", provider: "CloudFormation", version: "1", inputArtifacts: ["src"], configuration: { ActionMode: "CREATE_UPDATE", StackName: stackName, RoleArn: ROLE } });
        const found = await reported(POLICY, () => {
            pipeline("variable-beats-name", source, stage("DeployStaging", codebuild("Deploy", deployTo("production"))));
            pipeline("named", source, stage("Production", codebuild("ReleaseModel")));
            pipeline("camel-and-caps", source, stage("Stage3", codebuild("DeployToPROD")));
            pipeline("deploy-category", source, stage("Release", cloudformation("UpdateStack", "churn-endpoint-prod")));
            pipeline("deploy-category-named", source, stage("Prod", cloudformation("Apply", "churn-endpoint")));
        });
        assert.deepEqual(found, ["camel-and-caps", "deploy-category", "deploy-category-named", "named", "variable-beats-name"]);
    });

    it("is not applicable to pipelines with no production deploy: builds, pre-prod and non-prod stages, tests and products", async () => {
        const build = () => {
            pipeline("model-build", source, stage("Build", codebuild("RunSageMakerPipeline")));
            pipeline("preprod", source, stage("DeployPreProd", codebuild("Deploy", deployTo("pre-prod"))), stage("Deploy-NonProd", codebuild("Deploy")));
            pipeline("prod-test-only", source, stage("TestProd", codebuild("InvokeEndpoint")), stage("BuildProduction", codebuild("Compile")));
            pipeline("product", source, stage("DeployProduct", codebuild("Deploy", deployTo("staging"))));
            pipeline("secret-stage", source, stage("Deploy", codebuild("Deploy", [{ name: "DEPLOY_STAGE", value: "/prod/stage", type: "PARAMETER_STORE" }])));
        };
        assert.deepEqual(await reported(POLICY, build), []);
        assert.deepEqual([...((await policyPack()).lastApplied.get(POLICY) ?? [])], [], "no pipeline of these deploys to production");
    });

    it("does not take a dry run before the approval for a deploy: plan then apply, change set then execute", async () => {
        const tfVars = [{ name: "DEPLOY_ENV", value: "prod" }];
        const changeSet = (name: string, mode: string, runOrder: number): Action => ({ name, category: "Deploy", owner: "AWS", provider: "CloudFormation", version: "1", runOrder, inputArtifacts: ["src"], configuration: { ActionMode: mode, StackName: "churn-prod", ChangeSetName: "next", RoleArn: ROLE } });
        const found = await findings(POLICY, () => {
            pipeline("terraform", source, stage("PlanProd", codebuild("Plan", tfVars)), stage("Approve", approval()), stage("ApplyProd", codebuild("Apply", tfVars)));
            pipeline("terraform-unapproved", source, stage("PlanProd", codebuild("Plan", tfVars)), stage("ApplyProd", codebuild("Apply", tfVars)));
            pipeline("change-set", source, stage("Prod", changeSet("CreateChangeSet", "CHANGE_SET_REPLACE", 1), approval("Approve", 2), changeSet("ExecuteChangeSet", "CHANGE_SET_EXECUTE", 3)));
            pipeline("change-set-executed-early", source, stage("Prod", changeSet("CreateChangeSet", "CHANGE_SET_REPLACE", 1), approval("Approve", 2), changeSet("ExecuteChangeSet", "CHANGE_SET_EXECUTE", 2)));
        });
        assert.deepEqual(found.map((f) => f.replace(/ Fix:.*/, "")).sort(), [
            'change-set-executed-early: Pipeline "change-set-executed-early" deploys to production in stage "Prod" (action "ExecuteChangeSet") with no manual approval before it.',
            'terraform-unapproved: Pipeline "terraform-unapproved" deploys to production in stage "ApplyProd" (action "Apply") with no manual approval before it.',
        ]);
    });

    it("reads the production patterns, deploy words and stage variables from the pack config", async () => {
        const config = { [POLICY]: { productionPatterns: ["live", "prod-?eu"], deployWords: ["ship"], stageVariableNames: ["TARGET"] } };
        const found = await reported(POLICY, () => {
            pipeline("live", source, stage("ShipLive", codebuild("Run")));
            pipeline("default-prod", source, stage("DeployProd", codebuild("Deploy")));
            pipeline("target-variable", source, stage("Go", codebuild("Run", [{ name: "TARGET", value: "live" }])));
        }, config);
        assert.deepEqual(found, ["live", "target-variable"]);
        assert.throws(() => productionDeployRules({ productionPatterns: ["prod("] }), /productionPatterns entry "prod\(" is not a regular expression.*Fix:/);
    });

    it("splits names into words for matching", () => {
        assert.deepEqual(wordsOf("DeployToPROD-eu1"), ["deploy", "to", "prod", "eu"]);
        assert.deepEqual(wordsOf("PreProd_Deploy"), ["pre", "prod", "deploy"]);
        assert.deepEqual(wordsOf("preprod"), ["preprod"]);
    });

    it("waits for values unknown in preview only when they could hide an unapproved production deploy", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const unknownStage = new aws.sns.Topic("t").arn.apply(() => "prod");
            const laterEnv = new aws.sns.Topic("u").arn.apply(() => JSON.stringify(deployTo("prod")));
            // Unknown variables after the approval, and the deploy recognised by name before it: judged now.
            deployPipeline("after-approval", (s) => s.map((st) => (st.name === "DeployProd" ? stage("DeployProd", codebuild("Deploy", laterEnv)) : st)));
            pipeline("named-unapproved", source, stage("Resolve", codebuild("Resolve", laterEnv)), stage("DeployProd", codebuild("Deploy")));
            // An Approval action whose provider is unknown yet: Manual is the category's only provider.
            pipeline("approval-provider-later", source, stage("Gate", { ...approval(), provider: new aws.sns.Topic("p").arn.apply(() => "Manual") }), stage("DeployProd", codebuild("Deploy", deployTo("prod"))));
            // Unknown variables or stage name before any approval: not judged yet.
            pipeline("unknown-env", source, stage("Run", codebuild("Run", laterEnv)));
            pipeline("unknown-stage-name", source, stage(unknownStage, codebuild("Deploy")));
        });
        assert.deepEqual(violations.map((v) => v.split(":")[0]), ["named-unapproved"]);
        assert.equal(skips.length, 2, skips.join("\n"));
        assert.ok(skips.some((s) => /Pipeline "unknown-env".*EnvironmentVariables unknown/.test(s)), skips.join("\n"));
        assert.ok(skips.some((s) => /Pipeline "unknown-stage-name".*stage name unknown/.test(s)), skips.join("\n"));
    });
});
