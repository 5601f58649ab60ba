/**
 * The platform's IAM roles as plain data: who may assume each one and exactly what it may do.
 * Pure, so the documents can be tested (and simulated) without Pulumi. Every statement is scoped to the
 * ARNs the stack's naming convention produces; the only `Resource: "*"` statements are for actions AWS
 * does not authorise per resource (see RESOURCE_STAR_ACTIONS in policy-pack/lib/iamDocument.ts).
 */

import { ECR_LOGIN, ECR_PULL, ECR_PUSH, ECS_SYNC_RULE, ECS_SYNC_RULE_ACTIONS, KMS_USE, PolicyDocument, STATE_MACHINE_OBSERVABILITY, WRITE_LOGS, allow, policyDocument, vpcJobNetworkInterfaces } from "../iam/statements";
import { Arns, AwsContext, Naming } from "../naming";
import { GuardrailInput, personaGuardrails, studioAppPermissions } from "../studioDomain/guardrails";

export { PolicyDocument, Statement, trustPolicy } from "../iam/statements";

export type RoleKey =
    | "codebuild"
    | "ecsTaskExecution"
    | "ecsTask"
    | "stepFunctions"
    | "eventBridge"
    | "mlops"
    | `sagemaker:${string}`;

/** A role's identity, known before any account lookup, so resources can be named up front. */
export interface RoleIdentity {
    key: RoleKey;
    /** IAM role name, e.g. `sefaz-ml-codebuild-role-prod`. */
    roleName: string;
    /** IAM path; seed 001's MLOps role lives under `/service-role/`. */
    path: string;
    /** The one service principal trusted to assume it. */
    service: string;
    description: string;
    maxSessionDurationSeconds: number;
}

export interface RoleInputs {
    naming: Naming;
    ctx: AwsContext;
    dataBucketArn: string;
    artifactsBucketArn: string;
    kmsKeyArn: string;
    personas: string[];
    mlops: { buildRepositoryName: string; deployRepositoryName: string };
    /** Access of personas defined in config, on top of the built-in ones. */
    personaAccess?: Record<string, PersonaAccess>;
    /** When a Studio domain uses the persona roles: its guardrails (Deny statements) and app permissions. */
    studio?: Omit<GuardrailInput, "ctx">;
}

/** Service principals, spelled once. */
export const SERVICE = {
    codebuild: "codebuild.amazonaws.com",
    ecsTasks: "ecs-tasks.amazonaws.com",
    states: "states.amazonaws.com",
    events: "events.amazonaws.com",
    sagemaker: "sagemaker.amazonaws.com",
} as const;

export function roleIdentities(naming: Naming, personas: readonly string[]): RoleIdentity[] {
    const role = (key: RoleKey, purpose: string, service: string, description: string, path = "/"): RoleIdentity => ({
        key,
        roleName: naming.name(`${purpose}-role`),
        path,
        service,
        description,
        maxSessionDurationSeconds: 3600,
    });
    return [
        role("codebuild", "codebuild", SERVICE.codebuild, "CodeBuild: builds and pushes the training images"),
        role("ecsTaskExecution", "ecs-execution", SERVICE.ecsTasks, "ECS task execution: pulls images, writes logs, injects secrets"),
        role("ecsTask", "ecs-task", SERVICE.ecsTasks, "ECS task: what the training containers themselves may touch"),
        role("stepFunctions", "stepfunctions", SERVICE.states, "Step Functions: runs the retraining tasks and notifies"),
        role("eventBridge", "events", SERVICE.events, "EventBridge: starts the retraining state machine and image builds"),
        role("mlops", "mlops", SERVICE.codebuild, "MLOps pipeline (seed 001): builds and registers models", "/service-role/"),
        ...personas.map((p) =>
            role(`sagemaker:${p}`, `sm-${p}`, SERVICE.sagemaker, `SageMaker execution role of the ${p} persona`),
        ),
    ];
}

/**
 * What a persona's execution role may write (every persona reads all platform data) and whether it may
 * register models. Organisations add personas in config (`mlplatform:personaDefinitions`).
 */
export interface PersonaAccess {
    /** Object key patterns in the data bucket, e.g. `processed/*`. */
    writeData: string[];
    /** Object key patterns in the artifacts bucket, e.g. `experiments/*`. */
    writeArtifacts: string[];
    /** May create models and model packages of the platform. */
    modelRegistry: boolean;
}

export const BUILT_IN_PERSONAS: Readonly<Record<string, PersonaAccess>> = {
    "data-scientist": { writeData: [], writeArtifacts: ["experiments/*"], modelRegistry: false },
    "ml-engineer": { writeData: ["processed/*"], writeArtifacts: ["*"], modelRegistry: true },
};

/** The permission document of each role, keyed like `roleIdentities`. */
export function rolePolicies(input: RoleInputs): Record<string, PolicyDocument> {
    const { naming, ctx, dataBucketArn, artifactsBucketArn, kmsKeyArn } = input;
    const arns = new Arns(ctx);
    const ids = roleIdentities(naming, input.personas);
    const roleArn = (key: RoleKey): string => {
        const id = ids.find((r) => r.key === key)!;
        return arns.role(id.roleName, id.path);
    };
    const ecrRepos = arns.of("ecr", `repository/${naming.pattern}`);
    const cluster = arns.of("ecs", `cluster/${naming.name("cluster")}`);
    const doc = policyDocument;
    const ecrLogin = ECR_LOGIN;
    const key = allow("UsePlatformKey", KMS_USE, [kmsKeyArn]);

    const policies: Record<string, PolicyDocument> = {
        codebuild: doc(
            allow("WriteOwnBuildLogs", WRITE_LOGS, [arns.logGroup(`${naming.path}codebuild/*`)]),
            allow("PullPlatformSource", ["codecommit:GitPull"], [arns.of("codecommit", naming.pattern)]),
            ecrLogin,
            allow("PushPlatformImages", [...ECR_PULL, ...ECR_PUSH], [ecrRepos]),
            allow("BuildCache", ["s3:GetObject", "s3:PutObject"], [`${artifactsBucketArn}/codebuild/*`]),
            key,
        ),
        ecsTaskExecution: doc(
            ecrLogin,
            allow("PullPlatformImages", ECR_PULL, [ecrRepos]),
            allow("WriteTaskLogs", WRITE_LOGS, [arns.logGroup(`${naming.path}ecs/*`)]),
            allow("InjectParameters", ["ssm:GetParameters"], [arns.of("ssm", `parameter${naming.path}*`)]),
            allow("InjectSecrets", ["secretsmanager:GetSecretValue"], [arns.of("secretsmanager", `secret:${naming.secretName("*")}`)]),
            allow("DecryptInjectedValues", ["kms:Decrypt"], [kmsKeyArn]),
        ),
        ecsTask: doc(
            allow("ListPlatformBuckets", ["s3:ListBucket"], [dataBucketArn, artifactsBucketArn]),
            allow("ReadWriteData", ["s3:GetObject", "s3:PutObject"], [`${dataBucketArn}/*`, `${artifactsBucketArn}/*`]),
            allow(
                "ReadTrainingParameters",
                ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
                [arns.of("ssm", `parameter${naming.path}training`), arns.of("ssm", `parameter${naming.path}training/*`)],
            ),
            key,
        ),
        stepFunctions: doc(
            allow("RunPlatformTasksOnPlatformCluster", ["ecs:RunTask"], [arns.of("ecs", `task-definition/${naming.pattern}:*`)], {
                ArnEquals: { "ecs:cluster": cluster },
            }),
            allow("TrackPlatformTasks", ["ecs:StopTask", "ecs:DescribeTasks"], [arns.of("ecs", `task/${naming.name("cluster")}/*`)]),
            allow("ManagedEcsSyncRule", ECS_SYNC_RULE_ACTIONS, [arns.of("events", ECS_SYNC_RULE)]),
            allow("PassTaskRolesToEcsOnly", ["iam:PassRole"], [roleArn("ecsTaskExecution"), roleArn("ecsTask")], {
                StringEquals: { "iam:PassedToService": SERVICE.ecsTasks },
            }),
            allow("NotifyAlertsTopic", ["sns:Publish"], [arns.of("sns", naming.name("alerts"))]),
            key,
            ...STATE_MACHINE_OBSERVABILITY,
        ),
        eventBridge: doc(
            allow("StartPlatformStateMachines", ["states:StartExecution"], [arns.of("states", `stateMachine:${naming.pattern}`)]),
            allow("StartPlatformImageBuilds", ["codebuild:StartBuild"], [arns.of("codebuild", `project/${naming.pattern}`)]),
        ),
        mlops: doc(
            allow(
                "PullModelRepositories",
                // CodeBuild clones with GitPull; UploadArchive & co. are CodePipeline's, not needed here.
                ["codecommit:GitPull", "codecommit:GetBranch", "codecommit:GetCommit"],
                [arns.of("codecommit", input.mlops.buildRepositoryName), arns.of("codecommit", input.mlops.deployRepositoryName)],
            ),
            allow("ListArtifacts", ["s3:ListBucket", "s3:GetBucketLocation"], [artifactsBucketArn]),
            allow("ReadWriteArtifacts", ["s3:GetObject", "s3:PutObject"], [`${artifactsBucketArn}/*`]),
            key,
            allow("WritePipelineLogs", WRITE_LOGS, [arns.logGroup(`${naming.path}mlops/*`)]),
            allow(
                "RunPlatformPipelines",
                [
                    "sagemaker:CreatePipeline",
                    "sagemaker:UpdatePipeline",
                    "sagemaker:DescribePipeline",
                    "sagemaker:StartPipelineExecution",
                    "sagemaker:DescribePipelineExecution",
                    "sagemaker:ListPipelineExecutionSteps",
                    "sagemaker:AddTags",
                ],
                [arns.of("sagemaker", `pipeline/${naming.pattern}`)],
            ),
            allow(
                "RegisterModels",
                [
                    "sagemaker:CreateModelPackageGroup",
                    "sagemaker:DescribeModelPackageGroup",
                    "sagemaker:CreateModelPackage",
                    "sagemaker:DescribeModelPackage",
                    "sagemaker:UpdateModelPackage",
                ],
                [arns.of("sagemaker", `model-package-group/${naming.pattern}`), arns.of("sagemaker", `model-package/${naming.pattern}/*`)],
            ),
            allow("StartPlatformBuilds", ["codebuild:StartBuild", "codebuild:BatchGetBuilds"], [arns.of("codebuild", `project/${naming.pattern}`)]),
            ...(input.personas.includes("ml-engineer")
                ? [
                      allow("PassEngineerRoleToSageMakerOnly", ["iam:PassRole"], [roleArn("sagemaker:ml-engineer")], {
                          StringEquals: { "iam:PassedToService": SERVICE.sagemaker },
                      }),
                  ]
                : []),
        ),
    };

    for (const persona of input.personas) {
        const access = input.personaAccess?.[persona] ?? BUILT_IN_PERSONAS[persona] ?? { writeData: [], writeArtifacts: [], modelRegistry: false };
        const writable = [
            ...access.writeData.map((p) => `${dataBucketArn}/${p}`),
            ...access.writeArtifacts.map((p) => `${artifactsBucketArn}/${p}`),
        ];
        const jobs = ["training-job", "processing-job", "hyper-parameter-tuning-job"].map((t) => arns.of("sagemaker", `${t}/*`));
        policies[`sagemaker:${persona}`] = doc(
            allow("ListPlatformBuckets", ["s3:ListBucket"], [dataBucketArn, artifactsBucketArn]),
            allow("ReadPlatformData", ["s3:GetObject"], [`${dataBucketArn}/*`, `${artifactsBucketArn}/*`]),
            ...(writable.length ? [allow("WritePersonaPrefixes", ["s3:PutObject"], writable)] : []),
            // kms:Encrypt: jobs given OutputDataConfig.KmsKeyId encrypt their output with it (API reference).
            allow("UsePlatformKey", [...KMS_USE, "kms:Encrypt", "kms:DescribeKey"], [kmsKeyArn]),
            allow("GrantKeyToSageMakerVolumes", ["kms:CreateGrant"], [kmsKeyArn], {
                Bool: { "kms:GrantIsForAWSResource": "true" },
            }),
            allow(
                "WriteSageMakerLogs",
                ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                [arns.logGroup("/aws/sagemaker/*")],
            ),
            allow("PublishSageMakerMetrics", ["cloudwatch:PutMetricData"], ["*"], {
                StringLike: { "cloudwatch:namespace": ["/aws/sagemaker/*", "aws/sagemaker/*"] },
            }),
            ecrLogin,
            allow("PullPlatformImages", ECR_PULL, [ecrRepos]),
            // The guardrails force every job into the platform subnets; SageMaker creates its ENIs as this role.
            ...vpcJobNetworkInterfaces(arns, input.studio?.subnetIds, input.studio?.securityGroupIds),
            allow(
                "RunJobs",
                [
                    "sagemaker:CreateTrainingJob",
                    "sagemaker:DescribeTrainingJob",
                    "sagemaker:StopTrainingJob",
                    "sagemaker:CreateProcessingJob",
                    "sagemaker:DescribeProcessingJob",
                    "sagemaker:StopProcessingJob",
                    "sagemaker:CreateHyperParameterTuningJob",
                    "sagemaker:DescribeHyperParameterTuningJob",
                    "sagemaker:StopHyperParameterTuningJob",
                    "sagemaker:AddTags",
                ],
                jobs,
            ),
            ...(access.modelRegistry
                ? [
                      allow(
                          "RegisterModels",
                          ["sagemaker:CreateModel", "sagemaker:DescribeModel", "sagemaker:CreateModelPackage", "sagemaker:DescribeModelPackage"],
                          [arns.of("sagemaker", "model/*"), arns.of("sagemaker", `model-package/${naming.pattern}/*`)],
                      ),
                  ]
                : []),
            allow("PassOwnRoleToSageMakerOnly", ["iam:PassRole"], [roleArn(`sagemaker:${persona}`)], {
                StringEquals: { "iam:PassedToService": SERVICE.sagemaker },
            }),
            ...(input.studio ? [...studioAppPermissions(ctx), ...personaGuardrails({ ctx, ...input.studio })] : []),
        );
    }
    return policies;
}
