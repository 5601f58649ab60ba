/**
 * The MLOps pipeline role as plain data: who may assume it and exactly what it may do (seed 001). Pure, so
 * the document can be tested (and simulated) without Pulumi. Every statement is scoped to the ARNs the
 * stack's naming convention produces. Persona execution roles are their PersonaRole's
 * (components/personaRole/policy.ts); each retraining pipeline owns its build, task, state machine,
 * scheduler and trigger roles (components/retrainPipeline/iam.ts).
 */

import { KMS_USE, PolicyDocument, WRITE_LOGS, allow, policyDocument } from "../iam/statements";
import { Arns, AwsContext, Naming } from "../naming";
import { RoleName } from "../personaRole/policy";
import { SERVICE_PRINCIPALS } from "../aws";

export { PolicyDocument, Statement, trustPolicy } from "../iam/statements";

/** A role's identity, known before any account lookup, so resources can be named up front. */
export interface RoleIdentity extends RoleName {
    /** The one service principal trusted to assume it. */
    service: string;
    description: string;
    maxSessionDurationSeconds: number;
}

/** `sefaz-ml-mlops-role-prod`, under seed 001's `/service-role/` path, trusted by CodeBuild. */
export function mlopsRoleIdentity(naming: Naming): RoleIdentity {
    return {
        roleName: naming.name("mlops-role"),
        path: "/service-role/",
        service: SERVICE_PRINCIPALS.codebuild,
        description: "MLOps pipeline (seed 001): builds and registers models",
        maxSessionDurationSeconds: 3600,
    };
}

export interface MlopsPolicyInputs {
    naming: Naming;
    ctx: AwsContext;
    artifactsBucketArn: string;
    kmsKeyArn: string;
    mlops: { buildRepositoryName: string; deployRepositoryName: string };
    /** The execution role the pipeline may pass to SageMaker (the ml-engineer persona's), if any. */
    engineerRole?: RoleName;
}

/** The permission document of the MLOps pipeline role. */
export function mlopsRolePolicy(input: MlopsPolicyInputs): PolicyDocument {
    const { naming, ctx, artifactsBucketArn, kmsKeyArn, engineerRole } = input;
    const arns = new Arns(ctx);
    return policyDocument(
        allow(
            "PullModelRepositories",
            // CodeBuild clones with GitPull; UploadArchive & co. are CodePipeline's, not needed here.
            ["codecommit:GitPull", "codecommit:GetBranch", "codecommit:GetCommit"],
            [arns.of("codecommit", input.mlops.buildRepositoryName), arns.of("codecommit", input.mlops.deployRepositoryName)],
        ),
        allow("ListArtifacts", ["s3:ListBucket", "s3:GetBucketLocation"], [artifactsBucketArn]),
        allow("ReadWriteArtifacts", ["s3:GetObject", "s3:PutObject"], [`${artifactsBucketArn}/*`]),
        allow("UsePlatformKey", KMS_USE, [kmsKeyArn]),
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
        ...(engineerRole
            ? [
                  allow("PassEngineerRoleToSageMakerOnly", ["iam:PassRole"], [arns.role(engineerRole.roleName, engineerRole.path)], {
                      StringEquals: { "iam:PassedToService": SERVICE_PRINCIPALS.sagemaker },
                  }),
              ]
            : []),
    );
}
