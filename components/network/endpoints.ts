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

/** Endpoint service name for a suffix in a region. */
export function endpointServiceName(suffix: string, region: string): string {
    return suffix === "studio" ? `aws.sagemaker.${region}.studio` : `com.amazonaws.${region}.${suffix}`;
}

