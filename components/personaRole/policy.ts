/**
 * A persona's SageMaker execution role as plain data: its identity (known before any account lookup) and
 * its permission document. Pure, so the document can be tested (and simulated) without Pulumi.
 */

import { SERVICE_PRINCIPALS } from "../aws";
import { KMS_USE, ECR_LOGIN, ECR_PULL, PolicyDocument, allow, policyDocument, vpcJobNetworkInterfaces } from "../iam/statements";
import { Arns, AwsContext, Naming } from "../naming";
import { GuardrailInput, personaGuardrails, studioAppPermissions } from "../studioDomain/guardrails";
import { PersonaAccess } from "./args";

/** A role's name and path: enough to name its ARN in a policy before the role exists. */
export interface RoleName {
    /** IAM role name, e.g. `sefaz-ml-sm-data-scientist-role-prod`. */
    roleName: string;
    /** IAM path. */
    path: string;
}

/** The identity of a persona's execution role. */
export interface PersonaRoleIdentity extends RoleName {
    description: string;
    maxSessionDurationSeconds: number;
}

export function personaRoleIdentity(naming: Naming, persona: string): PersonaRoleIdentity {
    return {
        roleName: naming.name(`sm-${persona}-role`),
        path: "/",
        description: `SageMaker execution role of the ${persona} persona`,
        maxSessionDurationSeconds: 3600,
    };
}

/**
 * What a persona's execution role may write (every persona reads all platform data) and whether it may
 * register models. Organisations add personas in config (`mlplatform:personaDefinitions`).
 */
export const BUILT_IN_PERSONAS: Readonly<Record<string, PersonaAccess>> = {
    "data-scientist": { writeData: [], writeArtifacts: ["experiments/*"], modelRegistry: false },
    "ml-engineer": { writeData: ["processed/*"], writeArtifacts: ["*"], modelRegistry: true },
};

/** The access of a persona: the given one, else the built-in one, else read-only. */
export function personaAccess(persona: string, given?: PersonaAccess): PersonaAccess {
    return given ?? BUILT_IN_PERSONAS[persona] ?? { writeData: [], writeArtifacts: [], modelRegistry: false };
}

export interface PersonaPolicyInputs {
    naming: Naming;
    ctx: AwsContext;
    persona: string;
    /** What the persona may write and whether it registers models (see `personaAccess`). */
    access: PersonaAccess;
    dataBucketArn: string;
    artifactsBucketArn: string;
    kmsKeyArn: string;
    /** When a Studio domain uses the role: its guardrails (Deny statements) and app permissions. */
    studio?: Omit<GuardrailInput, "ctx">;
}

/**
 * The permission document of one persona's SageMaker execution role (with the Studio guardrails when a
 * domain uses the role); what the PersonaRole component attaches to the role it owns.
 */
export function personaRolePolicy(input: PersonaPolicyInputs): PolicyDocument {
    const { naming, ctx, dataBucketArn, artifactsBucketArn, kmsKeyArn, access } = input;
    const arns = new Arns(ctx);
    const own = personaRoleIdentity(naming, input.persona);
    const ecrRepos = arns.of("ecr", `repository/${naming.pattern}`);
    const writable = [
        ...access.writeData.map((p) => `${dataBucketArn}/${p}`),
        ...access.writeArtifacts.map((p) => `${artifactsBucketArn}/${p}`),
    ];
    const jobs = ["training-job", "processing-job", "hyper-parameter-tuning-job"].map((t) => arns.of("sagemaker", `${t}/*`));
    return policyDocument(
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
        ECR_LOGIN,
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
                  allow("RegisterModels", ["sagemaker:CreateModel", "sagemaker:DescribeModel", "sagemaker:DescribeModelPackage"], [
                      arns.of("sagemaker", "model/*"),
                      arns.of("sagemaker", `model-package/${naming.pattern}/*`),
                  ]),
                  // Like the MLOps pipelines, people register models only for review: only the approver
                  // policy of an MLOps project sets Approved (an Approved package would start its deploy).
                  allow("RegisterPendingPackagesOnly", ["sagemaker:CreateModelPackage"], [arns.of("sagemaker", `model-package/${naming.pattern}/*`)], {
                      StringEquals: { "sagemaker:ModelApprovalStatus": "PendingManualApproval" },
                  }),
              ]
            : []),
        allow("PassOwnRoleToSageMakerOnly", ["iam:PassRole"], [arns.role(own.roleName, own.path)], {
            StringEquals: { "iam:PassedToService": SERVICE_PRINCIPALS.sagemaker },
        }),
        ...(input.studio ? [...studioAppPermissions(ctx), ...personaGuardrails({ ctx, ...input.studio })] : []),
    );
}
