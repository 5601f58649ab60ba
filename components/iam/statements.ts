/**
 * Building blocks of the platform's identity policies, shared by MlRoles and the components that own
 * roles of their own (RetrainPipeline), so an action list is spelled once.
 */

export interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Action: string[];
    Resource: string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

export function allow(sid: string, actions: string[], resources: string[], condition?: Statement["Condition"]): Statement {
    return { Sid: sid, Effect: "Allow", Action: actions, Resource: resources, ...(condition ? { Condition: condition } : {}) };
}

export function policyDocument(...statements: Statement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

export const ECR_PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
export const ECR_PUSH = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];
export const WRITE_LOGS = ["logs:CreateLogStream", "logs:PutLogEvents"];
export const KMS_USE = ["kms:Decrypt", "kms:GenerateDataKey"];

/**
 * What a SageMaker job's execution role needs to run in a VPC (SageMaker Developer Guide, "CreateTrainingJob
 * API: Execution Role Permissions"): SageMaker creates, attaches and deletes the job's network interfaces
 * as the role. Interfaces may be created only in the given subnets and security groups; the Describe calls
 * have no resource-level permissions.
 */
export function vpcJobNetworkInterfaces(arns: { of(service: string, resource: string): string }, subnetIds?: string[], securityGroupIds?: string[]): Statement[] {
    const interfaces = arns.of("ec2", "network-interface/*");
    return [
        allow("JobNetworkInterfacesInPlatformSubnets", ["ec2:CreateNetworkInterface"], [
            interfaces,
            ...(subnetIds ? subnetIds.map((id) => arns.of("ec2", `subnet/${id}`)) : [arns.of("ec2", "subnet/*")]),
            ...(securityGroupIds ? securityGroupIds.map((id) => arns.of("ec2", `security-group/${id}`)) : [arns.of("ec2", "security-group/*")]),
        ]),
        allow("AttachAndDeleteJobNetworkInterfaces", ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface", "ec2:DeleteNetworkInterfacePermission"], [interfaces]),
        allow("DescribeJobNetwork", ["ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs", "ec2:DescribeDhcpOptions", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"], ["*"]),
    ];
}

/** ECR login is account-wide: GetAuthorizationToken has no resource-level permissions. */
export const ECR_LOGIN = allow("EcrLoginIsAccountWide", ["ecr:GetAuthorizationToken"], ["*"]);

/**
 * What a state machine needs to log to CloudWatch Logs (vended log delivery) and trace with X-Ray:
 * none of these actions has resource-level permissions, so they are on the `*` allow-list.
 */
export const STATE_MACHINE_OBSERVABILITY: Statement[] = [
    allow(
        "VendedLogDelivery",
        [
            "logs:CreateLogDelivery",
            "logs:GetLogDelivery",
            "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups",
        ],
        ["*"],
    ),
    allow("XRayTracing", ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], ["*"]),
];

/** The managed rule Step Functions creates to follow `.sync` ECS tasks; its role must manage it and no other. */
export const ECS_SYNC_RULE_ACTIONS = ["events:PutTargets", "events:PutRule", "events:DescribeRule"];
export const ECS_SYNC_RULE = "rule/StepFunctionsGetEventsForECSTaskRule";

/**
 * SNS topic policy: the given AWS services may publish on behalf of this account only (confused-deputy
 * guard), and nobody may publish, subscribe or receive over plain HTTP. `services` is kept as given (one
 * principal or a list) so the document stays what each topic had.
 */
export function serviceTopicPolicy(topicArn: string, accountId: string, sid: string, services: string | string[]): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: sid,
                Effect: "Allow",
                Principal: { Service: services },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: ["sns:Publish", "sns:Subscribe", "sns:Receive"],
                Resource: topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/**
 * Trust policy for exactly one service principal, with the confused-deputy guard: the service may only
 * assume the role on behalf of this account.
 */
export function trustPolicy(service: string, accountId: string, actions: string[] = ["sts:AssumeRole"]): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "TrustOneServiceForThisAccount",
                Effect: "Allow",
                Principal: { Service: service },
                Action: actions.length === 1 ? actions[0] : actions,
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    };
}
