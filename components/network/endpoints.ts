/**
 * Interface endpoints Studio and the pipelines need to work without internet access, as service-name
 * suffixes (`com.amazonaws.<region>.<suffix>`; `studio` is `aws.sagemaker.<region>.studio`).
 */
export const DEFAULT_INTERFACE_ENDPOINTS = [
    "sagemaker.api",
    "sagemaker.runtime",
    "studio",
    "sts",
    "logs",
    "monitoring",
    "ecr.api",
    "ecr.dkr",
    "ssm",
    "secretsmanager",
    "kms",
    "states",
] as const;

/**
 * The interface endpoints each platform feature calls from inside the VPC: dev's default is the union
 * of the enabled features' lists (other environments keep DEFAULT_INTERFACE_ENDPOINTS). Not in either:
 * `kms` (S3, SSM, Secrets Manager, ECR and CloudWatch Logs call KMS on the platform's behalf; nothing in
 * the VPC calls it directly) and `states` (Step Functions calls ECS, S3 and SNS from outside the VPC;
 * no task calls it back: the state machine uses `runTask.sync`, no task tokens).
 */
export const FEATURE_ENDPOINTS = {
    /** VpcOnly Studio: the SageMaker API and runtime, opening Studio through its endpoint, the SDK's STS calls, app logs. */
    studio: ["sagemaker.api", "sagemaker.runtime", "studio", "sts", "logs"],
    /** Fargate tasks: image pulls, injected parameters and secrets, container logs, the validation step's metric. */
    pipelines: ["ecr.api", "ecr.dkr", "ssm", "secretsmanager", "logs", "monitoring"],
} as const;

/** The interface endpoints the enabled features need, in DEFAULT_INTERFACE_ENDPOINTS order. */
export function endpointsForFeatures(features: { studio: boolean; pipelines: boolean }): string[] {
    const needed = new Set<string>([...(features.studio ? FEATURE_ENDPOINTS.studio : []), ...(features.pipelines ? FEATURE_ENDPOINTS.pipelines : [])]);
    return DEFAULT_INTERFACE_ENDPOINTS.filter((e) => needed.has(e));
}

/** Endpoint service name for a suffix in a region (kept here for callers of this module). */
export { endpointServiceName } from "../aws";

