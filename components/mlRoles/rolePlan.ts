/**
 * The platform's IAM roles as plain data: who may assume each one and exactly what it may do.
 * Pure, so the documents can be tested (and simulated) without Pulumi. Every statement is scoped to the
 * ARNs the stack's naming convention produces; the only `Resource: "*"` statements are for actions AWS
 * does not authorise per resource (see RESOURCE_STAR_ACTIONS in policy-pack/lib/iamDocument.ts).
 */

import { ECR_LOGIN, ECR_PULL, KMS_USE, PolicyDocument, allow, policyDocument, vpcJobNetworkInterfaces } from "../iam/statements";
import { Arns, AwsContext, Naming } from "../naming";
import { GuardrailInput, personaGuardrails, studioAppPermissions } from "../studioDomain/guardrails";
import { PersonaAccess } from "./args";
import { SERVICE_PRINCIPALS } from "../aws";

export { PolicyDocument, Statement, trustPolicy } from "../iam/statements";

/**
 * Only roles a workload of the platform uses: one SageMaker execution role per persona. Each retraining
 * pipeline owns its build, task, state machine, scheduler and trigger roles (components/retrainPipeline/iam.ts)
 * and each MLOps project its CodePipeline, build, SageMaker pipeline, deploy, model and EventBridge roles
 * (components/mlopsProject/iam.ts), scoped to exactly their resources; seed 001's single MLOps role is gone.
 */
export type RoleKey = `sagemaker:${string}`;

/** A role's identity, known before any account lookup, so resources can be named up front. */
export interface RoleIdentity {
    key: RoleKey;
    /** IAM role name, e.g. `sefaz-ml-sm-data-scientist-role-prod`. */
    roleName: string;
    /** IAM path. */
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
    /** Access of personas defined in config, on top of the built-in ones. */
    personaAccess?: Record<string, PersonaAccess>;
    /** When a Studio domain uses the persona roles: its guardrails (Deny statements) and app permissions. */
    studio?: Omit<GuardrailInput, "ctx">;
}

/** Service principals, spelled once. */
export const SERVICE = {
    codebuild: SERVICE_PRINCIPALS.codebuild,
    sagemaker: SERVICE_PRINCIPALS.sagemaker,
} as const;

/** The key of a persona's execution role in `roleIdentities` and MlRoles' `roles`. */
export function personaRoleKey(persona: string): RoleKey {
    return `sagemaker:${persona}`;
}

export function roleIdentities(naming: Naming, personas: readonly string[]): RoleIdentity[] {
    const role = (key: RoleKey, purpose: string, service: string, description: string, path = "/"): RoleIdentity => ({
        key,
        roleName: naming.name(`${purpose}-role`),
        path,
        service,
        description,
        maxSessionDurationSeconds: 3600,
    });
    return personas.map((p) => role(personaRoleKey(p), `sm-${p}`, SERVICE.sagemaker, `SageMaker execution role of the ${p} persona`));
}

/**
 * What a persona's execution role may write (every persona reads all platform data) and whether it may
 * register models. Organisations add personas in config (`mlplatform:personaDefinitions`).
 */
export const BUILT_IN_PERSONAS: Readonly<Record<string, PersonaAccess>> = {
    "data-scientist": { writeData: [], writeArtifacts: ["experiments/*"], modelRegistry: false },
    "ml-engineer": { writeData: ["processed/*"], writeArtifacts: ["*"], modelRegistry: true },
};

/** The permission document of each role, keyed like `roleIdentities`. */
export function rolePolicies(input: RoleInputs): Record<string, PolicyDocument> {
    const policies: Record<string, PolicyDocument> = {};
    for (const persona of input.personas) policies[personaRoleKey(persona)] = personaRolePolicy(input, persona);
    return policies;
}

/**
 * The permission document of one persona's SageMaker execution role (with the Studio guardrails when a
 * domain uses the role); what the PersonaRole component attaches to the role it owns.
 */
export function personaRolePolicy(input: Omit<RoleInputs, "personas">, persona: string): PolicyDocument {
    const { naming, ctx, dataBucketArn, artifactsBucketArn, kmsKeyArn } = input;
    const arns = new Arns(ctx);
    const own = roleIdentities(naming, [persona])[0];
    const ecrRepos = arns.of("ecr", `repository/${naming.pattern}`);
    const access = input.personaAccess?.[persona] ?? BUILT_IN_PERSONAS[persona] ?? { writeData: [], writeArtifacts: [], modelRegistry: false };
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
            StringEquals: { "iam:PassedToService": SERVICE.sagemaker },
        }),
        ...(input.studio ? [...studioAppPermissions(ctx), ...personaGuardrails({ ctx, ...input.studio })] : []),
    );
}
