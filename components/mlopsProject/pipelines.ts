import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MANUAL_APPROVAL } from "./iam";
import { MlopsBuildProject, MlopsPipeline } from "./names";
import { MlopsPartArgs } from "./part";
import { DEPLOY_STAGE_OF, MODEL_PACKAGE_ARN_VARIABLE, RESOLVE_NAMESPACE, actionVariables } from "./stages";

/** The source action of a pipeline: CodeCommit without polling (an EventBridge rule starts it), or a connection. */
function sourceAction(part: MlopsPartArgs, which: MlopsPipeline): aws.types.input.codepipeline.PipelineStageAction {
    const s = part.args.settings;
    const repository = part.repositories[which];
    if (s.source.type === "codecommit") {
        return {
            name: "Source",
            category: "Source",
            owner: "AWS",
            provider: "CodeCommit",
            version: "1",
            outputArtifacts: ["source"],
            configuration: { RepositoryName: repository, BranchName: s.branch, PollForSourceChanges: "false", OutputArtifactFormat: "CODE_ZIP" },
        };
    }
    return {
        name: "Source",
        category: "Source",
        owner: "AWS",
        provider: "CodeStarSourceConnection",
        version: "1",
        outputArtifacts: ["source"],
        configuration: { ConnectionArn: s.source.connectionArn, FullRepositoryId: repository, BranchName: s.branch, OutputArtifactFormat: "CODE_ZIP" },
    };
}

/** A CodeBuild action on the source artifact, with per-action environment variables. */
function buildAction(name: string, project: pulumi.Input<string>, variables: Record<string, string>, extra: Partial<aws.types.input.codepipeline.PipelineStageAction> = {}): aws.types.input.codepipeline.PipelineStageAction {
    return {
        name,
        category: "Build",
        owner: "AWS",
        provider: "CodeBuild",
        version: "1",
        inputArtifacts: ["source"],
        configuration: { ProjectName: project, ...(Object.keys(variables).length ? { EnvironmentVariables: actionVariables(variables) } : {}) } as Record<string, pulumi.Input<string>>,
        ...extra,
    };
}

/**
 * The model build pipeline (Source → Build) and the model deploy pipeline (Source → Resolve →
 * DeployStaging → TestStaging → ManualApproval → DeployProd), both V2 with the artifact store in the
 * artifacts bucket under the platform key. Connection sources start on pushes to the branch through
 * pipeline triggers; CodeCommit sources through EventBridge rules (see rules.ts); nothing polls.
 */
export function createPipelines(parent: pulumi.Resource, part: MlopsPartArgs, projects: Record<MlopsBuildProject, aws.codebuild.Project>): Record<MlopsPipeline, aws.codepipeline.Pipeline> {
    const { name, args, names, roles, permissions } = part;
    const s = args.settings;
    const artifactStores = [{ type: "S3", location: args.artifactsBucket.name, encryptionKey: { id: args.kmsKey.arn, type: "KMS" } }];
    const triggers =
        s.source.type === "codeconnections"
            ? [{ providerType: "CodeStarSourceConnection", gitConfiguration: { sourceActionName: "Source", pushes: [{ branches: { includes: [s.branch] } }] } }]
            : undefined;
    const common = { pipelineType: "V2", roleArn: roles.pipeline.arn, artifactStores, triggers };

    const build = new aws.codepipeline.Pipeline(
        `${name}-build`,
        {
            ...common,
            name: names.pipeline("build"),
            executionMode: "SUPERSEDED",
            stages: [
                { name: "Source", actions: [sourceAction(part, "build")] },
                { name: "Build", actions: [buildAction("RunSageMakerPipeline", projects["model-build"].name, {})] },
            ],
        },
        { parent, dependsOn: [permissions.pipeline] },
    );

    // The deploy build's per-stage variables (contract with the endpoint program's buildspec).
    const deployStage = (stageName: "DeployStaging" | "DeployProd") => {
        const stage = DEPLOY_STAGE_OF[stageName];
        const size = s[stage];
        const action = buildAction(stageName, projects.deploy.name, {});
        action.configuration = pulumi.all([projects.deploy.name, args.artifactsBucket.name]).apply(([project, bucket]) => ({
            ProjectName: project,
            EnvironmentVariables: actionVariables({
                MODEL_PACKAGE_ARN: MODEL_PACKAGE_ARN_VARIABLE,
                DEPLOY_STAGE: stage,
                ENDPOINT_NAME: names.endpoint(stage),
                INSTANCE_TYPE: size.instanceType,
                INSTANCE_COUNT: String(size.initialInstanceCount),
                MAX_INSTANCE_COUNT: String(size.maxInstanceCount),
                PULUMI_STACK: names.endpointStack(stage),
                DATA_CAPTURE_S3_URI: `s3://${bucket}/${names.dataCapturePrefix}${stage}`,
            }),
        }));
        return { name: stageName, actions: [action] };
    };

    const deploy = new aws.codepipeline.Pipeline(
        `${name}-deploy`,
        {
            ...common,
            name: names.pipeline("deploy"),
            // Every approval is deployed in turn; none supersedes a run waiting for the prod approval.
            executionMode: "QUEUED",
            stages: [
                { name: "Source", actions: [sourceAction(part, "deploy")] },
                {
                    name: "Resolve",
                    actions: [buildAction("ResolveApprovedPackage", projects.resolve.name, {}, { namespace: RESOLVE_NAMESPACE })],
                },
                deployStage("DeployStaging"),
                {
                    name: "TestStaging",
                    actions: [buildAction("InvokeStagingEndpoint", projects["endpoint-test"].name, { ENDPOINT_NAME: names.endpoint("staging"), TEST_PAYLOAD_FILE: s.testPayloadFile })],
                },
                {
                    name: MANUAL_APPROVAL.stage,
                    actions: [
                        {
                            name: MANUAL_APPROVAL.action,
                            category: "Approval",
                            owner: "AWS",
                            provider: "Manual",
                            version: "1",
                            configuration: {
                                NotificationArn: part.approvalsTopicArn,
                                CustomData: `Promote ${MODEL_PACKAGE_ARN_VARIABLE} of project ${s.name} to prod: it passed the staging test on ${names.endpoint("staging")}`,
                            },
                        },
                    ],
                },
                deployStage("DeployProd"),
            ],
        },
        { parent, dependsOn: [permissions.pipeline] },
    );
    return { build, deploy };
}
