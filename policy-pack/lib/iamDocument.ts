/**
 * The project's own list of actions it grants on `Resource: "*"` (AWS has no resource-level permissions
 * for them), each with the reason. The pack reads it
 * as the default of `iam-least-privilege`'s `allowedResourceStarActions` (on top of AWS's Service
 * Authorization Reference, see `documents/resourceScopes.ts`); the project's tests hold its own documents
 * to it. Judging documents lives in `documents/`.
 */

export const RESOURCE_STAR_ACTIONS: Readonly<Record<string, string>> = {
    "ecr:GetAuthorizationToken": "ECR login token is account-wide (CodeBuild push, ECS/SageMaker pull)",
    "logs:CreateLogDelivery": "Step Functions vended-log delivery has no resource-level permissions",
    "logs:GetLogDelivery": "Step Functions vended-log delivery has no resource-level permissions",
    "logs:UpdateLogDelivery": "Step Functions vended-log delivery has no resource-level permissions",
    "logs:DeleteLogDelivery": "Step Functions vended-log delivery has no resource-level permissions",
    "logs:ListLogDeliveries": "Step Functions vended-log delivery has no resource-level permissions",
    "logs:PutResourcePolicy": "Step Functions vended-log delivery writes the log group resource policy",
    "logs:DescribeResourcePolicies": "Step Functions vended-log delivery reads the log group resource policy",
    "logs:DescribeLogGroups": "Step Functions checks the log destination; DescribeLogGroups is account-wide",
    "xray:PutTraceSegments": "X-Ray tracing has no resource-level permissions",
    "xray:PutTelemetryRecords": "X-Ray tracing has no resource-level permissions",
    "xray:GetSamplingRules": "X-Ray tracing has no resource-level permissions",
    "xray:GetSamplingTargets": "X-Ray tracing has no resource-level permissions",
    "cloudwatch:PutMetricData": "no resource-level permissions; always paired with a cloudwatch:namespace condition",
    "sagemaker:ListDomains": "listing Studio domains has no resource-level permissions (Studio launch page)",
    "sagemaker:ListUserProfiles": "listing user profiles has no resource-level permissions (Studio launch page)",
    "sagemaker:ListApps": "listing apps has no resource-level permissions (Studio launch page)",
    "sagemaker:ListSpaces": "listing spaces has no resource-level permissions (Studio web portal)",
    "ec2:DescribeNetworkInterfaces": "SageMaker jobs in a VPC (execution role); EC2 Describe calls have no resource-level permissions",
    "ec2:DescribeVpcs": "SageMaker jobs in a VPC (execution role); EC2 Describe calls have no resource-level permissions",
    "ec2:DescribeDhcpOptions": "SageMaker jobs in a VPC (execution role); EC2 Describe calls have no resource-level permissions",
    "ec2:DescribeSubnets": "SageMaker jobs in a VPC (execution role); EC2 Describe calls have no resource-level permissions",
    "ec2:DescribeSecurityGroups": "SageMaker jobs in a VPC (execution role); EC2 Describe calls have no resource-level permissions",
};
