import { SERVICE_PRINCIPALS, viaServiceHost } from "../aws";
import { ECR_LOGIN, ECR_PULL, KMS_USE, PolicyDocument, Statement, WRITE_LOGS, allow, policyDocument, serviceTopicPolicy, trustPolicy, vpcJobNetworkInterfaces } from "../iam/statements";
import { Arns, AwsContext } from "../naming";
import { DEPLOY_STAGES, MLOPS_BUILD_PROJECTS, MLOPS_PIPELINES, MlopsProjectNames, MlopsRoleKey } from "./names";

/**
 * The project's roles, its approver policy and its topic policy as plain data. Seed 001 gave one role,
 * trusted by eleven services, `sagemaker:*`, `s3:*` and `iam:PassRole` on `*`; here each workload has its
 * own role naming exactly this project's resources, and no workload can approve a model: the SageMaker
 * pipeline may register packages only as PendingManualApproval, and only the approver policy (for people)
 * may set Approved or Rejected, or approve the promotion to prod.
 */

export const MLOPS_ROLE_SERVICES: Record<MlopsRoleKey, string> = {
    pipeline: SERVICE_PRINCIPALS.codepipeline,
    "model-build": SERVICE_PRINCIPALS.codebuild,
    "sm-pipeline": SERVICE_PRINCIPALS.sagemaker,
    deploy: SERVICE_PRINCIPALS.codebuild,
    model: SERVICE_PRINCIPALS.sagemaker,
    events: SERVICE_PRINCIPALS.events,
};

/** The one approval status a workload may register a model package with. */
export const PENDING = "PendingManualApproval";
/** The statuses only an approver may set. */
export const APPROVER_STATUSES = ["Approved", "Rejected"];
/** The deploy pipeline's stage and action of the promotion to prod (what approvers approve). */
export const MANUAL_APPROVAL = { stage: "ManualApproval", action: "ApproveProd" } as const;

export interface MlopsIamInput {
    names: MlopsProjectNames;
    ctx: AwsContext;
    artifactsBucketArn: string;
    dataBucketArn?: string;
    kmsKeyArn: string;
    /** CodeCommit repository names, or the connection ARN for owner/repo sources. */
    source: { type: "codecommit"; buildRepository: string; deployRepository: string } | { type: "codeconnections"; connectionArn: string };
    subnetIds?: string[];
    securityGroupIds?: string[];
    /** Bucket ARN and key prefix of the endpoint program's Pulumi state. */
    state: { bucketArn: string; prefix: string };
}

/** A log group and its streams: CreateLogStream authorises on the group, PutLogEvents on the stream. */
function groupAndStreams(arns: Arns, group: string): string[] {
    return [arns.logGroup(group), arns.logGroup(`${group}:log-stream:*`)];
}

/** ARNs of this project's resources, for the policies and for tests. */
export function mlopsArns(names: MlopsProjectNames, ctx: AwsContext) {
    const arns = new Arns(ctx);
    return {
        arns,
        pipeline: (p: (typeof MLOPS_PIPELINES)[number]) => arns.of("codepipeline", names.pipeline(p)),
        buildProject: (p: (typeof MLOPS_BUILD_PROJECTS)[number]) => arns.of("codebuild", `project/${names.buildProject(p)}`),
        role: (k: MlopsRoleKey) => arns.role(names.role(k)),
        group: arns.of("sagemaker", `model-package-group/${names.modelPackageGroup}`),
        packages: arns.of("sagemaker", `model-package/${names.modelPackageGroup}/*`),
        anyPackage: arns.of("sagemaker", "model-package/*"),
        sageMakerPipeline: arns.of("sagemaker", `pipeline/${names.sageMakerPipeline}`),
        endpoint: (s: (typeof DEPLOY_STAGES)[number]) => arns.of("sagemaker", `endpoint/${names.endpoint(s)}`),
        approvalsTopic: arns.of("sns", names.approvalsTopic),
        alertsTopic: arns.of("sns", names.alertsTopic),
    };
}

/** What every role document of a project builds on: its ARNs, and the statements several roles share. */
function iamParts(input: MlopsIamInput) {
    const { names, ctx, artifactsBucketArn: bucket, kmsKeyArn } = input;
    const a = mlopsArns(names, ctx);
    const { arns } = a;
    const keyVia = (...services: string[]) =>
        allow("UsePlatformKeyThroughItsServices", KMS_USE, [kmsKeyArn], { StringEquals: { "kms:ViaService": services.map((s) => viaServiceHost(s, ctx.region)) } });
    const artifactObjects = (...which: Array<(typeof MLOPS_PIPELINES)[number]>) => which.map((p) => `${bucket}/${names.artifactFolder(p)}/*`);
    const work = `${bucket}/${names.workPrefix}*`;
    const logs = (...projects: Array<(typeof MLOPS_BUILD_PROJECTS)[number]>) => allow("WriteOwnBuildLogs", WRITE_LOGS, projects.flatMap((p) => groupAndStreams(arns, names.logGroup(p))));
    const passTo = (sid: string, roles: MlopsRoleKey[]) =>
        allow(sid, ["iam:PassRole"], roles.map((r) => a.role(r)), { StringEquals: { "iam:PassedToService": SERVICE_PRINCIPALS.sagemaker } });
    const endpointNames = DEPLOY_STAGES.map((s) => names.endpoint(s));
    const network = vpcJobNetworkInterfaces(arns, input.subnetIds, input.securityGroupIds);
    const sourceRead: Statement =
        input.source.type === "codecommit"
            ? allow(
                  "ReadOwnRepositories",
                  ["codecommit:GetRepository", "codecommit:GetBranch", "codecommit:GetCommit", "codecommit:UploadArchive", "codecommit:GetUploadArchiveStatus", "codecommit:CancelUploadArchive"],
                  [arns.of("codecommit", input.source.buildRepository), arns.of("codecommit", input.source.deployRepository)],
              )
            : allow("UseOwnConnection", ["codeconnections:UseConnection", "codestar-connections:UseConnection"], [input.source.connectionArn]);
    const statePrefix = input.state.prefix.replace(/\/$/, "");

    return { names, ctx, bucket, kmsKeyArn, a, arns, keyVia, artifactObjects, work, logs, passTo, endpointNames, network, sourceRead, statePrefix };
}

/** The deploy build's role: resolve the approved package, run the endpoint program (its state, secrets and endpoints), test. */
function deployRoleDocument(input: MlopsIamInput, parts: ReturnType<typeof iamParts>): PolicyDocument {
    const { ctx, kmsKeyArn, a, arns, keyVia, artifactObjects, logs, passTo, endpointNames, statePrefix } = parts;
    return policyDocument(
        logs("resolve", "deploy", "endpoint-test"),
        allow("ReadOwnDeployArtifacts", ["s3:GetObject", "s3:GetObjectVersion"], artifactObjects("deploy")),
        // Resolve: the newest Approved package of this group. ListModelPackages authorises on the account's
        // package ARNs (the group is a request parameter, not a resource), so it cannot be narrowed further.
        allow("FindApprovedPackages", ["sagemaker:ListModelPackages"], [a.anyPackage]),
        allow("ReadOwnModelRegistry", ["sagemaker:DescribeModelPackageGroup", "sagemaker:DescribeModelPackage"], [a.group, a.packages]),
        // Deploy: the endpoint program's state and secrets (S3 backend, awskms:// secrets provider).
        allow("ListOwnState", ["s3:ListBucket"], [input.state.bucketArn], { StringLike: { "s3:prefix": [`${statePrefix}/*`, statePrefix] } }),
        allow("ReadWriteOwnState", ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], [`${input.state.bucketArn}/${statePrefix}/*`]),
        keyVia("s3"),
        allow("EncryptStackSecrets", ["kms:Encrypt", "kms:Decrypt"], [kmsKeyArn]),
        // An endpoint configuration with KmsKeyId: SageMaker checks the caller may grant the key to the volumes.
        allow("GrantKeyToEndpointVolumes", ["kms:CreateGrant", "kms:DescribeKey"], [kmsKeyArn], {
            StringEquals: { "kms:ViaService": viaServiceHost("sagemaker", ctx.region) },
            Bool: { "kms:GrantIsForAWSResource": "true" },
        }),
        allow(
            "ManageOwnEndpointsOnly",
            [
                "sagemaker:CreateModel",
                "sagemaker:DescribeModel",
                "sagemaker:DeleteModel",
                "sagemaker:CreateEndpointConfig",
                "sagemaker:DescribeEndpointConfig",
                "sagemaker:DeleteEndpointConfig",
                "sagemaker:CreateEndpoint",
                "sagemaker:UpdateEndpoint",
                "sagemaker:DescribeEndpoint",
                "sagemaker:DeleteEndpoint",
                "sagemaker:AddTags",
                "sagemaker:ListTags",
            ],
            endpointNames.flatMap((e) => [
                arns.of("sagemaker", `endpoint/${e}`),
                arns.of("sagemaker", `endpoint-config/${e}-*`),
                arns.of("sagemaker", `model/${e}-*`),
            ]),
        ),
        allow("TestOwnEndpoints", ["sagemaker:InvokeEndpoint"], endpointNames.map((e) => arns.of("sagemaker", `endpoint/${e}`))),
        allow(
            "ScaleOwnEndpoints",
            ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy"],
            [arns.of("application-autoscaling", "scalable-target/*")],
            { StringEquals: { "application-autoscaling:service-namespace": "sagemaker" } },
        ),
        allow(
            "ReadScaling",
            ["application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies", "application-autoscaling:ListTagsForResource", "application-autoscaling:TagResource"],
            [arns.of("application-autoscaling", "scalable-target/*")],
        ),
        allow("SageMakerScalingServiceLinkedRole", ["iam:CreateServiceLinkedRole"], [arns.role("AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint", "/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/")], {
            StringEquals: { "iam:AWSServiceName": "sagemaker.application-autoscaling.amazonaws.com" },
        }),
        allow(
            "ManageOwnEndpointAlarms",
            ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource", "cloudwatch:TagResource"],
            endpointNames.map((e) => arns.of("cloudwatch", `alarm:${e}-*`)),
        ),
        passTo("PassModelRoleToSageMakerOnly", ["model"]),
    );
}

export function mlopsRolePolicies(input: MlopsIamInput): Record<MlopsRoleKey, PolicyDocument> {
    const parts = iamParts(input);
    const { names, ctx, bucket, kmsKeyArn, a, arns, keyVia, artifactObjects, work, logs, passTo, endpointNames, network, sourceRead } = parts;
    return {
        pipeline: policyDocument(
            sourceRead,
            allow("ReadWriteOwnArtifacts", ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"], artifactObjects("build", "deploy")),
            allow("LocateArtifactsBucket", ["s3:GetBucketVersioning", "s3:GetBucketLocation"], [bucket]),
            allow("RunOwnBuilds", ["codebuild:StartBuild", "codebuild:BatchGetBuilds"], MLOPS_BUILD_PROJECTS.map((p) => a.buildProject(p))),
            allow("NotifyReviewers", ["sns:Publish"], [a.approvalsTopic]),
            keyVia("s3", "sns", ...(input.source.type === "codecommit" ? ["codecommit"] : [])),
        ),
        "model-build": policyDocument(
            logs("model-build"),
            allow("ReadOwnBuildArtifacts", ["s3:GetObject", "s3:GetObjectVersion"], artifactObjects("build")),
            allow("ListOwnWork", ["s3:ListBucket"], [bucket], { StringLike: { "s3:prefix": [`${names.workPrefix}*`] } }),
            allow("UploadPipelineCode", ["s3:GetObject", "s3:PutObject"], [work]),
            keyVia("s3"),
            ...network,
            allow("CodeBuildNetworkInterfacesInPlatformSubnets", ["ec2:CreateNetworkInterfacePermission"], [arns.of("ec2", "network-interface/*")], {
                StringEquals: { "ec2:AuthorizedService": SERVICE_PRINCIPALS.codebuild },
            }),
            allow(
                "UpsertAndStartOwnSageMakerPipeline",
                [
                    "sagemaker:CreatePipeline",
                    "sagemaker:UpdatePipeline",
                    "sagemaker:DescribePipeline",
                    "sagemaker:StartPipelineExecution",
                    "sagemaker:DescribePipelineExecution",
                    "sagemaker:ListPipelineExecutionSteps",
                    "sagemaker:AddTags",
                ],
                [a.sageMakerPipeline, arns.of("sagemaker", `pipeline/${names.sageMakerPipeline}/execution/*`)],
            ),
            allow("ReadOwnModelRegistry", ["sagemaker:DescribeModelPackageGroup"], [a.group]),
            passTo("PassPipelineRoleToSageMakerOnly", ["sm-pipeline"]),
        ),
        "sm-pipeline": policyDocument(
            allow("ListOwnWork", ["s3:ListBucket"], [bucket], { StringLike: { "s3:prefix": [`${names.workPrefix}*`] } }),
            allow("ReadWriteOwnWork", ["s3:GetObject", "s3:PutObject"], [work]),
            ...(input.dataBucketArn ? [allow("ReadTrainingData", ["s3:GetObject", "s3:ListBucket"], [input.dataBucketArn, `${input.dataBucketArn}/*`])] : []),
            allow("UsePlatformKey", [...KMS_USE, "kms:Encrypt", "kms:DescribeKey"], [kmsKeyArn], { StringEquals: { "kms:ViaService": ["s3", "sagemaker"].map((s) => viaServiceHost(s, ctx.region)) } }),
            allow("GrantKeyToJobVolumes", ["kms:CreateGrant"], [kmsKeyArn], { Bool: { "kms:GrantIsForAWSResource": "true" } }),
            // Jobs may run the platform's own images (built-in algorithm images need no permission).
            ECR_LOGIN,
            allow("PullPlatformImages", ECR_PULL, [arns.of("ecr", `repository/${names.naming.pattern}`)]),
            allow("WriteSageMakerLogs", ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], [arns.logGroup("/aws/sagemaker/*")]),
            allow("PublishSageMakerMetrics", ["cloudwatch:PutMetricData"], ["*"], { StringLike: { "cloudwatch:namespace": ["/aws/sagemaker/*", "aws/sagemaker/*"] } }),
            ...network,
            allow(
                "RunPipelineJobs",
                [
                    "sagemaker:CreateProcessingJob",
                    "sagemaker:DescribeProcessingJob",
                    "sagemaker:StopProcessingJob",
                    "sagemaker:CreateTrainingJob",
                    "sagemaker:DescribeTrainingJob",
                    "sagemaker:StopTrainingJob",
                    "sagemaker:AddTags",
                ],
                ["processing-job", "training-job"].map((t) => arns.of("sagemaker", `${t}/pipelines-*`)),
            ),
            allow("ReadOwnModelRegistry", ["sagemaker:DescribeModelPackageGroup", "sagemaker:DescribeModelPackage"], [a.group, a.packages]),
            // No pipeline approves its own model: a package may be registered only as pending a person's review.
            allow("RegisterPendingPackagesOnly", ["sagemaker:CreateModelPackage"], [a.group, a.packages], { StringEquals: { "sagemaker:ModelApprovalStatus": PENDING } }),
            passTo("PassOwnRoleToSageMakerOnly", ["sm-pipeline"]),
        ),
        deploy: deployRoleDocument(input, parts),
        model: policyDocument(
            allow("ReadOwnModelArtifacts", ["s3:GetObject"], [work]),
            // Data capture of the endpoints goes to `mlops/<project>/data-capture/<stage>/`.
            allow("WriteDataCapture", ["s3:PutObject"], [`${bucket}/${names.dataCapturePrefix}*`]),
            allow("UsePlatformKey", KMS_USE, [kmsKeyArn], { StringEquals: { "kms:ViaService": ["s3", "sagemaker"].map((s) => viaServiceHost(s, ctx.region)) } }),
            allow("GrantKeyToEndpointVolumes", ["kms:CreateGrant"], [kmsKeyArn], { Bool: { "kms:GrantIsForAWSResource": "true" } }),
            allow("ReadOwnModelPackages", ["sagemaker:DescribeModelPackage"], [a.packages]),
            allow("WriteEndpointLogs", ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], endpointNames.map((e) => arns.logGroup(`/aws/sagemaker/Endpoints/${e}*`))),
            allow("PublishEndpointMetrics", ["cloudwatch:PutMetricData"], ["*"], { StringLike: { "cloudwatch:namespace": ["/aws/sagemaker/*", "aws/sagemaker/*"] } }),
            ...network,
        ),
        events: policyDocument(allow("StartOwnPipelines", ["codepipeline:StartPipelineExecution"], MLOPS_PIPELINES.map((p) => a.pipeline(p)))),
    };
}

/** The approver managed policy: for people (attach it to the reviewers' role, group or permission set). */
export function approverPolicy(names: MlopsProjectNames, ctx: AwsContext): PolicyDocument {
    const a = mlopsArns(names, ctx);
    return policyDocument(
        allow("ReviewOwnModelRegistry", ["sagemaker:DescribeModelPackageGroup", "sagemaker:DescribeModelPackage"], [a.group, a.packages]),
        allow("ListModelPackages", ["sagemaker:ListModelPackages"], [a.anyPackage]),
        allow("ApproveOrRejectOwnPackages", ["sagemaker:UpdateModelPackage"], [a.packages], { StringEquals: { "sagemaker:ModelApprovalStatus": APPROVER_STATUSES } }),
        allow("PromoteToProd", ["codepipeline:PutApprovalResult"], [`${a.pipeline("deploy")}/${MANUAL_APPROVAL.stage}/${MANUAL_APPROVAL.action}`]),
        allow("FollowDeployPipeline", ["codepipeline:GetPipelineState", "codepipeline:GetPipelineExecution", "codepipeline:ListPipelineExecutions"], [a.pipeline("deploy")]),
    );
}

/** Trust policies, one service each, for this account only. */
export function mlopsTrustPolicy(key: MlopsRoleKey, accountId: string): object {
    return trustPolicy(MLOPS_ROLE_SERVICES[key], accountId);
}

/**
 * Topic policy: this account's EventBridge rules (reviews, alerts) and, for the alerts topic, its
 * CloudWatch alarms (the endpoints' alarms) may publish; TLS only.
 */
export function mlopsTopicPolicy(topicArn: string, accountId: string, alarms: boolean): object {
    return serviceTopicPolicy(topicArn, accountId, "RulesOfThisAccountPublish", alarms ? [SERVICE_PRINCIPALS.events, SERVICE_PRINCIPALS.cloudwatch] : SERVICE_PRINCIPALS.events);
}
