import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArgs } from "../args";
import { Arns, Naming, lookupAwsContext } from "../naming";
import { MlopsProjectArgs, mlopsProjectArgsSchema } from "./args";
import { createBuildProjects } from "./builds";
import { MLOPS_ROLE_SERVICES, approverPolicy, mlopsRolePolicies, mlopsTopicPolicy, mlopsTrustPolicy } from "./iam";
import { MLOPS_ROLE_KEYS, MlopsBuildProject, MlopsPipeline, MlopsProjectNames, MlopsRoleKey } from "./names";
import { MlopsPartArgs } from "./part";
import { createPipelines } from "./pipelines";
import { createRules } from "./rules";

export * from "./args";
export * from "./names";
export * from "./patterns";
export * from "./stages";
export { DEFAULT_BUILDSPECS } from "./builds";
export { APPROVER_STATUSES, MANUAL_APPROVAL, PENDING, approverPolicy, mlopsArns, mlopsRolePolicies, mlopsTrustPolicy } from "./iam";

/**
 * Seed 001's SageMaker CI/CD for one model family: source repositories (CodeCommit with the platform key,
 * or GitHub/GitLab/Bitbucket through an existing connection), a model build pipeline that upserts and runs
 * the build repository's SageMaker pipeline in the platform's subnets, a model registry group that only
 * people approve, and a deploy pipeline started by an approval that deploys the same model to staging,
 * tests it, waits for a person, then deploys it to prod, each deploy a `pulumi up` under the policy pack.
 */
export class MlopsProject extends pulumi.ComponentResource {
    readonly names: MlopsProjectNames;
    readonly roles: Record<MlopsRoleKey, aws.iam.Role>;
    readonly repositories: Partial<Record<MlopsPipeline, aws.codecommit.Repository>>;
    readonly modelPackageGroup: aws.sagemaker.ModelPackageGroup;
    readonly buildProjects: Record<MlopsBuildProject, aws.codebuild.Project>;
    readonly pipelines: Record<MlopsPipeline, aws.codepipeline.Pipeline>;
    readonly rules: Record<string, aws.cloudwatch.EventRule>;
    readonly alertsTopic: aws.sns.Topic;
    readonly approvalsTopic: aws.sns.Topic;
    readonly approverPolicy: aws.iam.Policy;

    constructor(name: string, rawArgs: MlopsProjectArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:MlopsProject", name, {}, opts);
        const args = parseArgs(mlopsProjectArgsSchema, rawArgs, "MlopsProject", name);
        const s = args.settings;
        const names = (this.names = new MlopsProjectNames(new Naming(args.prefix, args.environment), s.name));
        const ctx = args.context ? pulumi.output(args.context) : lookupAwsContext({ parent: this });
        const child = { parent: this };
        const kept = { parent: this, protect: args.protect };

        // Source: CodeCommit repositories under the platform key, or owner/repo behind a connection.
        const repositories = {
            build: s.buildRepository ?? names.defaultRepository("build"),
            deploy: s.deployRepository ?? names.defaultRepository("deploy"),
        };
        this.repositories = {};
        if (s.source.type === "codecommit") {
            for (const which of ["build", "deploy"] as const) {
                this.repositories[which] = new aws.codecommit.Repository(
                    `${name}-${which}-source`,
                    { repositoryName: repositories[which], description: `Model ${which} code of MLOps project ${s.name}`, defaultBranch: s.branch, kmsKeyId: args.kmsKey.arn },
                    kept,
                );
            }
        }

        // Roles: one per workload, each scoped to this project's ARNs.
        const state = pulumi.all([args.artifactsBucket.arn, ctx]).apply(([bucketArn, c]) => ({
            bucketArn: s.stateBucket ? new Arns(c).bucket(s.stateBucket) : bucketArn,
            prefix: s.statePrefix ?? names.stateBackendPrefix,
        }));
        const documents = pulumi
            .all([ctx, args.artifactsBucket.arn, pulumi.output(args.dataBucketArn), args.kmsKey.arn, pulumi.output(args.network.subnetIds), pulumi.output(args.network.securityGroupIds), state])
            .apply(([c, artifactsBucketArn, dataBucketArn, kmsKeyArn, subnetIds, securityGroupIds, st]) =>
                mlopsRolePolicies({
                    names,
                    ctx: c,
                    artifactsBucketArn,
                    dataBucketArn,
                    kmsKeyArn,
                    source: s.source.type === "codecommit" ? { type: "codecommit", buildRepository: repositories.build, deployRepository: repositories.deploy } : s.source,
                    subnetIds: subnetIds as string[],
                    securityGroupIds: securityGroupIds as string[],
                    state: st,
                }),
            );
        this.roles = {} as Record<MlopsRoleKey, aws.iam.Role>;
        const permissions = {} as Record<MlopsRoleKey, aws.iam.RolePolicy>;
        for (const key of MLOPS_ROLE_KEYS) {
            this.roles[key] = new aws.iam.Role(
                `${name}-${key}`,
                {
                    name: names.role(key),
                    description: `MLOps project ${s.name}: ${key} (${MLOPS_ROLE_SERVICES[key]})`,
                    assumeRolePolicy: ctx.apply((c) => JSON.stringify(mlopsTrustPolicy(key, c.accountId))),
                    maxSessionDuration: 3600,
                },
                child,
            );
            permissions[key] = new aws.iam.RolePolicy(
                `${name}-${key}`,
                { role: this.roles[key].name, name: "least-privilege", policy: documents.apply((d) => JSON.stringify(d[key])) },
                { parent: this.roles[key] },
            );
        }
        this.approverPolicy = new aws.iam.Policy(
            `${name}-approver`,
            {
                name: names.approverPolicy,
                description: `Reviewers of MLOps project ${s.name}: approve or reject its models and promote them to prod`,
                policy: ctx.apply((c) => JSON.stringify(approverPolicy(names, c))),
            },
            child,
        );

        // The model registry: one group per model family, kept in prod.
        this.modelPackageGroup = new aws.sagemaker.ModelPackageGroup(
            `${name}-models`,
            { modelPackageGroupName: names.modelPackageGroup, modelPackageGroupDescription: `Model versions of MLOps project ${s.name}; only reviewers approve them` },
            kept,
        );

        // Topics: alerts (failed pipelines) for the platform's alert e-mails, approvals for the reviewers.
        const topic = (purpose: "alerts" | "approvals", topicName: string, emails: string[]) => {
            const t = new aws.sns.Topic(`${name}-${purpose}`, { name: topicName, kmsMasterKeyId: args.kmsKey.arn }, child);
            new aws.sns.TopicPolicy(`${name}-${purpose}`, { arn: t.arn, policy: pulumi.all([t.arn, ctx]).apply(([arn, c]) => JSON.stringify(mlopsTopicPolicy(arn, c.accountId, purpose === "alerts"))) }, child);
            emails.forEach((email, i) => new aws.sns.TopicSubscription(`${name}-${purpose}-email-${i}`, { topic: t.arn, protocol: "email", endpoint: email }, child));
            return t;
        };
        this.alertsTopic = topic("alerts", names.alertsTopic, args.alertEmails);
        this.approvalsTopic = topic("approvals", names.approvalsTopic, s.approverEmails);

        const part: MlopsPartArgs = { name, args, names, ctx, roles: this.roles, permissions, repositories, alertsTopicArn: this.alertsTopic.arn, approvalsTopicArn: this.approvalsTopic.arn };
        this.buildProjects = createBuildProjects(this, part, this.buildVariables(args, names, ctx, state));
        this.pipelines = createPipelines(this, part, this.buildProjects);
        this.rules = createRules(this, part, this.pipelines);

        this.registerOutputs({
            buildPipelineArn: this.pipelines.build.arn,
            deployPipelineArn: this.pipelines.deploy.arn,
            modelPackageGroupArn: this.modelPackageGroup.arn,
            approverPolicyArn: this.approverPolicy.arn,
        });
    }

    /** The environment of each build project (the deploy build's per-stage values come from the pipeline). */
    private buildVariables(
        args: ReturnType<typeof parseArgs<typeof mlopsProjectArgsSchema>>,
        names: MlopsProjectNames,
        ctx: pulumi.Output<{ partition: string; accountId: string; region: string }>,
        state: pulumi.Output<{ bucketArn: string; prefix: string }>,
    ): Record<MlopsBuildProject, Record<string, pulumi.Input<string>>> {
        const s = args.settings;
        const joined = (ids: pulumi.Input<pulumi.Input<string>[]>) => pulumi.output(ids).apply((list) => list.join(","));
        const network = { SUBNET_IDS: joined(args.network.subnetIds), SECURITY_GROUP_IDS: joined(args.network.securityGroupIds), KMS_KEY_ARN: args.kmsKey.arn };
        return {
            "model-build": {
                PROJECT_NAME: s.name,
                SAGEMAKER_PIPELINE_NAME: names.sageMakerPipeline,
                MODEL_PACKAGE_GROUP_NAME: names.modelPackageGroup,
                PIPELINE_EXECUTION_ROLE_ARN: this.roles["sm-pipeline"].arn,
                ARTIFACTS_BUCKET: args.artifactsBucket.name,
                WORK_PREFIX: names.workPrefix,
                ...network,
            },
            resolve: { MODEL_PACKAGE_GROUP_NAME: names.modelPackageGroup },
            deploy: {
                ...network,
                MODEL_EXECUTION_ROLE_ARN: this.roles.model.arn,
                ALARM_TOPIC_ARN: this.alertsTopic.arn,
                PULUMI_BACKEND_URL: state.apply((st) => `s3://${st.bucketArn.split(":::")[1]}/${st.prefix}`),
                PULUMI_SECRETS_PROVIDER: pulumi.all([args.kmsKey.alias, ctx]).apply(([alias, c]) => `awskms://${s.secretsProviderKeyAlias ?? alias}?region=${c.region}`),
                ENDPOINT_TAGS: Object.entries(args.endpointTags).map(([k, v]) => `${k}=${v}`).join(","),
                ENDPOINT_PROGRAM_DIR: s.endpointProgramDir,
                POLICY_PACK_DIR: s.policyPackDir,
            },
            "endpoint-test": { TEST_PAYLOAD_FILE: s.testPayloadFile },
        };
    }
}
