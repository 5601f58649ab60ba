/**
 * What the components know about AWS itself, written once: service principals, the names of VPC endpoint
 * services and Step Functions service integrations, and the regional service hosts `kms:ViaService`
 * names. ARNs of the stack's own resources are built by `Arns` (components/naming.ts) from the
 * partition, account and region the provider reports.
 */

/** The service principals the platform's trust and resource policies name. */
export const SERVICE_PRINCIPALS = {
    backup: "backup.amazonaws.com",
    cloudwatch: "cloudwatch.amazonaws.com",
    codebuild: "codebuild.amazonaws.com",
    codepipeline: "codepipeline.amazonaws.com",
    ecsTasks: "ecs-tasks.amazonaws.com",
    events: "events.amazonaws.com",
    sagemaker: "sagemaker.amazonaws.com",
    scheduler: "scheduler.amazonaws.com",
    states: "states.amazonaws.com",
    vpcFlowLogs: "vpc-flow-logs.amazonaws.com",
} as const;
export type ServicePrincipal = (typeof SERVICE_PRINCIPALS)[keyof typeof SERVICE_PRINCIPALS];

/** CloudWatch Logs' principal is regional: `logs.<region>.amazonaws.com`. */
export function logsPrincipal(region: string): string {
    return `logs.${region}.amazonaws.com`;
}

/** The host `kms:ViaService` names for a service in a region: `s3.us-east-1.amazonaws.com`. */
export function viaServiceHost(service: string, region: string): string {
    return `${service}.${region}.amazonaws.com`;
}

/** VPC endpoint service name of a suffix in a region (`studio` is SageMaker's own: `aws.sagemaker.<region>.studio`). */
export function endpointServiceName(suffix: string, region: string): string {
    return suffix === "studio" ? `aws.sagemaker.${region}.studio` : `com.amazonaws.${region}.${suffix}`;
}

/** ARN of a Step Functions service integration, e.g. `arn:aws:states:::ecs:runTask.sync`. */
export function stepFunctionsIntegration(partition: string, integration: string): string {
    return `arn:${partition}:states:::${integration}`;
}
