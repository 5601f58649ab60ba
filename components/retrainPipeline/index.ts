import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Naming, lookupAwsContext } from "../naming";
import { parseArgs } from "../args";
import { PipelineStep, RetrainPipelineArgs, retrainPipelineArgsSchema } from "./args";
import { RetrainPipelineAlerts } from "./alerts";
import { RetrainPipelineCompute } from "./compute";
import { createPipelineCredentials } from "./credentials";
import { PipelineRoleKey } from "./iam";
import { RetrainPipelineImageBuild } from "./imageBuild";
import { PipelineNames } from "./names";
import { RetrainPipelineOrchestration } from "./orchestration";
import { PipelinePartArgs } from "./part";
import { createPipelineRoles } from "./roles";

export * from "./args";
export * from "./names";
export { retrainDefinition, STATES } from "./stateMachine";
export { DEFAULT_BUILDSPEC, RetrainPipelineImageBuild } from "./imageBuild";
export { UNRELEASED_TAG, RetrainPipelineCompute } from "./compute";
export { RetrainPipelineOrchestration } from "./orchestration";
export { RetrainPipelineAlerts } from "./alerts";

/**
 * The scheduled model-retraining pipeline of one model (seed 000, production-grade), composed of its parts:
 * the image build (source, image repository, build project), the compute (cluster, Fargate task definitions),
 * the orchestration (state machine with an accuracy gate, schedule, event rules, dead letters) and the
 * alerts (topic, alarms); the credentials, parameters and least-privilege roles every part uses stay here.
 */
export class RetrainPipeline extends pulumi.ComponentResource {
    readonly names: PipelineNames;
    readonly repository: aws.codecommit.Repository;
    readonly imageRepository: aws.ecr.Repository;
    readonly buildProject: aws.codebuild.Project;
    readonly cluster: aws.ecs.Cluster;
    readonly taskDefinitions: Record<PipelineStep, aws.ecs.TaskDefinition>;
    readonly stateMachine: aws.sfn.StateMachine;
    readonly schedule: aws.scheduler.Schedule;
    readonly alertsTopic: aws.sns.Topic;
    readonly credentials: aws.secretsmanager.Secret;
    readonly roles: Record<PipelineRoleKey, aws.iam.Role>;
    readonly imageBuild: RetrainPipelineImageBuild;
    readonly compute: RetrainPipelineCompute;
    readonly orchestration: RetrainPipelineOrchestration;
    readonly alerts: RetrainPipelineAlerts;

    constructor(name: string, rawArgs: RetrainPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:RetrainPipeline", name, {}, opts);
        const args = parseArgs(retrainPipelineArgsSchema, rawArgs, "RetrainPipeline", name);
        const names = (this.names = new PipelineNames(new Naming(args.prefix, args.environment), args.settings.name));
        const ctx = args.context ? pulumi.output(args.context) : lookupAwsContext({ parent: this });
        const part: PipelinePartArgs = { name, args, names, ctx, pipeline: this };
        const child = { parent: this };

        const credentials = createPipelineCredentials(this, name, args, names);
        this.credentials = credentials.secret;
        this.alerts = new RetrainPipelineAlerts(`${name}-alerts`, part, child);
        this.alertsTopic = this.alerts.topic;
        const access = createPipelineRoles(this, name, args, names, ctx, this.credentials.arn);
        this.roles = access.roles;

        this.imageBuild = new RetrainPipelineImageBuild(`${name}-image`, { ...part, ...access }, child);
        this.repository = this.imageBuild.repository;
        this.imageRepository = this.imageBuild.imageRepository;
        this.buildProject = this.imageBuild.buildProject;

        this.compute = new RetrainPipelineCompute(
            `${name}-compute`,
            {
                ...part,
                ...access,
                imageRepositoryUrl: this.imageRepository.repositoryUrl,
                parameterArns: Object.fromEntries(Object.entries(credentials.parameters).map(([param, p]) => [param, p.arn])),
                credentialsSecretArn: this.credentials.arn,
            },
            child,
        );
        this.cluster = this.compute.cluster;
        this.taskDefinitions = this.compute.taskDefinitions;

        this.orchestration = new RetrainPipelineOrchestration(
            `${name}-orchestration`,
            {
                ...part,
                ...access,
                clusterArn: this.cluster.arn,
                taskDefinitionArns: Object.fromEntries(Object.entries(this.taskDefinitions).map(([step, t]) => [step, t.arnWithoutRevision])) as Record<PipelineStep, pulumi.Output<string>>,
                taskSecurityGroupId: this.compute.taskSecurityGroupId,
                alertsTopicArn: this.alertsTopic.arn,
                sourceRepositoryArn: this.repository.arn,
                buildProject: { arn: this.buildProject.arn, name: this.buildProject.name },
            },
            child,
        );
        this.stateMachine = this.orchestration.stateMachine;
        this.schedule = this.orchestration.schedule;
        this.alerts.watch({
            stateMachineArn: this.stateMachine.arn,
            buildProjectName: this.buildProject.name,
            deadLetterQueueName: this.orchestration.deadLetterQueue.name,
        });

        this.registerOutputs({
            stateMachineArn: this.stateMachine.arn,
            imageRepositoryUrl: this.imageRepository.repositoryUrl,
            repositoryCloneUrl: this.repository.cloneUrlHttp,
            alertsTopicArn: this.alertsTopic.arn,
            credentialsSecretArn: this.credentials.arn,
        });
    }
}
