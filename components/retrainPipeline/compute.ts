import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PIPELINE_STEPS, PipelineStep } from "./steps";
import { PipelinePartArgs, PipelineRoles, movedInto, pipelineLogGroup } from "./part";

/** Tag the task definitions name until `settings.imageTag` is set; the schedule stays disabled meanwhile. */
export const UNRELEASED_TAG = "unreleased";

/** What the tasks are given: the image, and the parameters and credentials injected at start. */
export interface ComputeInputs {
    imageRepositoryUrl: pulumi.Input<string>;
    /** The training parameters' SSM parameters, by parameter name. */
    parameterArns: Record<string, pulumi.Input<string>>;
    credentialsSecretArn: pulumi.Input<string>;
}

/**
 * Compute of a retraining pipeline: an ECS cluster and one Fargate task definition per step, with its log
 * group, in private subnets; without a given security group, one with no ingress and HTTPS egress only.
 */
export class RetrainPipelineCompute extends pulumi.ComponentResource {
    readonly cluster: aws.ecs.Cluster;
    readonly taskDefinitions: Record<PipelineStep, aws.ecs.TaskDefinition>;
    readonly taskSecurityGroupId: pulumi.Output<string>;

    constructor(resourceName: string, part: PipelinePartArgs & PipelineRoles & ComputeInputs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:RetrainPipelineCompute", resourceName, {}, opts);
        const { name, args, names, ctx, pipeline, roles, permissions } = part;
        const s = args.settings;
        const moved = movedInto(this, pipeline);

        const stepLogs = Object.fromEntries(PIPELINE_STEPS.map((st) => [st, pipelineLogGroup(`${name}-${st}`, names.stepLogGroup(st), args, moved)])) as Record<
            PipelineStep,
            aws.cloudwatch.LogGroup
        >;
        this.cluster = new aws.ecs.Cluster(`${name}-cluster`, { name: names.cluster, settings: [{ name: "containerInsights", value: "enabled" }] }, moved);
        if (args.network.securityGroupId) {
            this.taskSecurityGroupId = pulumi.output(args.network.securityGroupId);
        } else {
            const taskSecurityGroup = new aws.ec2.SecurityGroup(
                `${name}-tasks`,
                { name: names.taskSecurityGroup, description: `Fargate tasks of ${s.name}: no ingress, HTTPS out only`, vpcId: args.network.vpcId },
                moved,
            );
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-tasks-https`,
                { securityGroupId: taskSecurityGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "HTTPS to AWS APIs through VPC endpoints or NAT" },
                moved,
            );
            this.taskSecurityGroupId = taskSecurityGroup.id;
        }
        const parameterNames = Object.keys(part.parameterArns);
        const parameterSecrets = pulumi.all(parameterNames.map((p) => part.parameterArns[p])).apply((arnList) =>
            parameterNames.map((param, i) => ({ name: param.toUpperCase().replace(/[^A-Z0-9_]/g, "_"), valueFrom: arnList[i] })),
        );
        this.taskDefinitions = {} as Record<PipelineStep, aws.ecs.TaskDefinition>;
        for (const step of PIPELINE_STEPS) {
            const size = s.steps[step];
            this.taskDefinitions[step] = new aws.ecs.TaskDefinition(
                `${name}-${step}`,
                {
                    family: names.taskFamily(step),
                    requiresCompatibilities: ["FARGATE"],
                    networkMode: "awsvpc",
                    cpu: String(size.cpu),
                    memory: String(size.memory),
                    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
                    executionRoleArn: roles.execution.arn,
                    taskRoleArn: roles[`task-${step}`].arn,
                    volumes: [{ name: "scratch" }],
                    containerDefinitions: pulumi
                        .all([part.imageRepositoryUrl, stepLogs[step].name, ctx, parameterSecrets, part.credentialsSecretArn, args.dataBucket.name, args.artifactsBucket.name])
                        .apply(([repo, logGroupName, c, paramSecrets, secretArn, dataBucket, artifactsBucket]) =>
                            JSON.stringify([
                                {
                                    name: step,
                                    image: `${repo}:${s.imageTag ?? UNRELEASED_TAG}`,
                                    essential: true,
                                    command: [step],
                                    readonlyRootFilesystem: true,
                                    privileged: false,
                                    mountPoints: [{ sourceVolume: "scratch", containerPath: "/tmp", readOnly: false }],
                                    environment: [
                                        { name: "AWS_REGION", value: c.region },
                                        { name: "PIPELINE_STEP", value: step },
                                        { name: "MODEL_NAME", value: s.name },
                                        { name: "DATA_BUCKET", value: dataBucket },
                                        { name: "ARTIFACTS_BUCKET", value: artifactsBucket },
                                        { name: "METRIC_NAMESPACE", value: s.metricNamespace },
                                    ],
                                    // Values from SSM and Secrets Manager, injected at start: never in the task definition.
                                    secrets: [...paramSecrets, { name: "DB_CREDENTIALS", valueFrom: secretArn }],
                                    logConfiguration: {
                                        logDriver: "awslogs",
                                        options: { "awslogs-group": logGroupName, "awslogs-region": c.region, "awslogs-stream-prefix": step },
                                    },
                                },
                            ]),
                        ),
                },
                { ...moved, dependsOn: [stepLogs[step], permissions.execution] },
            );
        }
        this.registerOutputs({ clusterArn: this.cluster.arn, taskSecurityGroupId: this.taskSecurityGroupId });
    }
}
