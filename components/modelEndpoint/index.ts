import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArgs } from "../args";
import { lookupAwsContext } from "../naming";
import { ModelEndpointArgs, modelEndpointArgsSchema } from "./args";
import { VARIANT_NAME, alarmTopicPolicy, endpointNames, rollbackAlarms, scalingBounds, trafficRouting, versionedName, volumeKmsKey } from "./plan";

export * from "./args";
export * from "./plan";

/**
 * A SageMaker real-time endpoint for an approved model package, with the platform's guardrails built in:
 * the model runs in the VPC (with network isolation unless turned off), the endpoint configuration
 * encrypts volumes (where the instance type allows it) and captured data with the customer-managed key,
 * updates are blue/green with canary or linear traffic shifting and roll back on the alarms it creates,
 * and the variant scales on invocations per instance.
 *
 * A new model package (or any setting that replaces the model or configuration) creates a new model and
 * configuration under a new name; the endpoint itself is updated in place, so SageMaker runs the blue/green
 * deployment. Old models and configurations are retained (`retainOnDelete`): an automatic rollback returns
 * the endpoint to the previous configuration, which must still exist.
 */
export class ModelEndpoint extends pulumi.ComponentResource {
    readonly model: aws.sagemaker.Model;
    readonly endpointConfiguration: aws.sagemaker.EndpointConfiguration;
    readonly endpoint: aws.sagemaker.Endpoint;
    readonly alarms: aws.cloudwatch.MetricAlarm[];
    readonly alarmTopicArn: pulumi.Output<string>;
    readonly endpointName: pulumi.Output<string>;
    readonly endpointArn: pulumi.Output<string>;
    readonly endpointConfigName: pulumi.Output<string>;
    readonly modelName: pulumi.Output<string>;

    constructor(name: string, rawArgs: ModelEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:ModelEndpoint", name, {}, opts);
        const args = parseArgs(modelEndpointArgsSchema, rawArgs, "ModelEndpoint", name);
        const names = endpointNames(args.endpointName);
        const tags = args.tags;
        const child = { parent: this };
        // Models and configurations are replaced, never updated; the previous ones stay for rollbacks.
        const versioned = { parent: this, retainOnDelete: true };

        const modelFields = pulumi.all([args.modelPackageArn, args.executionRoleArn, args.subnetIds, args.securityGroupIds]);
        this.model = new aws.sagemaker.Model(
            `${name}-model`,
            {
                name: modelFields.apply(([pkg, role, subnets, groups]) => versionedName(args.endpointName, [pkg, role, subnets, groups, args.networkIsolation])),
                // The containers, images and artifacts come from the approved package itself.
                primaryContainer: { modelPackageName: args.modelPackageArn },
                executionRoleArn: args.executionRoleArn,
                vpcConfig: { subnets: args.subnetIds, securityGroupIds: args.securityGroupIds },
                enableNetworkIsolation: args.networkIsolation,
                tags,
            },
            versioned,
        );

        const kmsKeyArn = volumeKmsKey(args.instanceType, args.kmsKeyArn);
        const captureFields = pulumi.all([this.model.name, args.kmsKeyArn, args.dataCaptureS3Uri]);
        this.endpointConfiguration = new aws.sagemaker.EndpointConfiguration(
            `${name}-config`,
            {
                name: captureFields.apply(([model, key, capture]) =>
                    versionedName(args.endpointName, [model, args.instanceType, args.initialInstanceCount, kmsKeyArn === undefined ? null : key, capture, args.dataCapturePercent]),
                ),
                productionVariants: [
                    { variantName: VARIANT_NAME, modelName: this.model.name, instanceType: args.instanceType, initialInstanceCount: args.initialInstanceCount, initialVariantWeight: 1 },
                ],
                kmsKeyArn,
                dataCaptureConfig: {
                    enableCapture: true,
                    initialSamplingPercentage: args.dataCapturePercent,
                    destinationS3Uri: args.dataCaptureS3Uri,
                    kmsKeyId: args.kmsKeyArn,
                    captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
                },
                tags,
            },
            versioned,
        );

        this.alarmTopicArn = args.alarmTopicArn !== undefined ? pulumi.output(args.alarmTopicArn) : this.createAlarmTopic(name, names.alarmTopic, args.kmsKeyArn, args.context, tags);
        this.alarms = rollbackAlarms(args.endpointName, args.rollbackAlarms).map(
            ({ purpose, ...alarm }) => new aws.cloudwatch.MetricAlarm(`${name}-${purpose}`, { ...alarm, alarmActions: [this.alarmTopicArn], okActions: [this.alarmTopicArn], tags }, child),
        );

        const shifting = args.trafficShifting;
        this.endpoint = new aws.sagemaker.Endpoint(
            `${name}-endpoint`,
            {
                name: names.endpoint,
                endpointConfigName: this.endpointConfiguration.name,
                deploymentConfig: {
                    blueGreenUpdatePolicy: {
                        trafficRoutingConfiguration: trafficRouting(shifting, args.initialInstanceCount),
                        terminationWaitInSeconds: shifting.terminationWaitSeconds,
                        maximumExecutionTimeoutInSeconds: shifting.maximumExecutionTimeoutSeconds,
                    },
                    autoRollbackConfiguration: { alarms: this.alarms.map((a) => ({ alarmName: a.name })) },
                },
                tags,
            },
            { parent: this, protect: args.protect },
        );

        const bounds = scalingBounds(args.initialInstanceCount, args.maxInstanceCount);
        if (bounds) {
            const target = new aws.appautoscaling.Target(
                `${name}-scaling`,
                {
                    serviceNamespace: "sagemaker",
                    resourceId: pulumi.interpolate`endpoint/${this.endpoint.name}/variant/${VARIANT_NAME}`,
                    scalableDimension: "sagemaker:variant:DesiredInstanceCount",
                    minCapacity: bounds.min,
                    maxCapacity: bounds.max,
                    tags,
                },
                child,
            );
            new aws.appautoscaling.Policy(
                `${name}-scaling`,
                {
                    name: names.scalingPolicy,
                    policyType: "TargetTrackingScaling",
                    serviceNamespace: target.serviceNamespace,
                    resourceId: target.resourceId,
                    scalableDimension: target.scalableDimension,
                    targetTrackingScalingPolicyConfiguration: {
                        predefinedMetricSpecification: { predefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
                        targetValue: args.autoscaling.targetInvocationsPerInstance,
                        scaleInCooldown: args.autoscaling.scaleInCooldownSeconds,
                        scaleOutCooldown: args.autoscaling.scaleOutCooldownSeconds,
                    },
                },
                child,
            );
        }

        this.endpointName = this.endpoint.name;
        this.endpointArn = this.endpoint.arn;
        this.endpointConfigName = this.endpointConfiguration.name;
        this.modelName = this.model.name;
        this.registerOutputs({ endpointName: this.endpointName, endpointArn: this.endpointArn, endpointConfigName: this.endpointConfigName, modelName: this.modelName, alarmTopicArn: this.alarmTopicArn });
    }

    /** Without a topic from the caller, the alarms get their own, encrypted with the key; only this account's alarms publish. */
    private createAlarmTopic(name: string, topicName: string, kmsKeyArn: pulumi.Input<string>, context: ModelEndpointArgs["context"], tags: Record<string, string>): pulumi.Output<string> {
        const ctx = context ? pulumi.output(context) : lookupAwsContext({ parent: this });
        const topic = new aws.sns.Topic(`${name}-alarms`, { name: topicName, kmsMasterKeyId: kmsKeyArn, tags }, { parent: this });
        new aws.sns.TopicPolicy(`${name}-alarms`, { arn: topic.arn, policy: pulumi.all([topic.arn, ctx]).apply(([arn, c]) => JSON.stringify(alarmTopicPolicy(arn, c.accountId))) }, { parent: this });
        return topic.arn;
    }
}
