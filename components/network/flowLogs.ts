import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_PRINCIPALS } from "../aws";
import { WRITE_LOGS, allow, policyDocument, trustPolicy } from "../iam/statements";
import { Arns, AwsContext, Naming } from "../naming";

/**
 * VPC flow logs of a new VPC into an encrypted log group that expires, written by a role that may write
 * only that group. Children of `parent` (PlatformNetwork), named after it.
 */
export function createFlowLogs(
    name: string,
    settings: { naming: Naming; ctx: pulumi.Output<AwsContext>; vpcId: pulumi.Input<string>; retentionInDays: number; kmsKeyArn: pulumi.Input<string> },
    parent: pulumi.Resource,
): void {
    const group = new aws.cloudwatch.LogGroup(
        `${name}-flow-logs`,
        { name: settings.naming.logGroup("network", "vpc-flow-logs"), retentionInDays: settings.retentionInDays, kmsKeyId: settings.kmsKeyArn },
        { parent },
    );
    const role = new aws.iam.Role(
        `${name}-flow-logs`,
        { name: settings.naming.name("flow-logs-role"), assumeRolePolicy: settings.ctx.apply((c) => JSON.stringify(trustPolicy(SERVICE_PRINCIPALS.vpcFlowLogs, c.accountId))) },
        { parent },
    );
    const permissions = new aws.iam.RolePolicy(
        `${name}-flow-logs`,
        {
            role: role.name,
            name: "least-privilege",
            policy: pulumi.all([settings.ctx, group.name]).apply(([c, groupName]) => {
                const arns = new Arns(c);
                return JSON.stringify(
                    policyDocument(
                        allow("WriteFlowLogs", [...WRITE_LOGS, "logs:DescribeLogStreams"], [arns.logGroup(groupName), arns.logGroup(`${groupName}:log-stream:*`)]),
                        // No resource-level permissions: IAM evaluates DescribeLogGroups on "*" (log-group:* never matches).
                        allow("FindLogGroups", ["logs:DescribeLogGroups"], ["*"]),
                    ),
                );
            }),
        },
        { parent: role },
    );
    new aws.ec2.FlowLog(
        `${name}-flow-logs`,
        { vpcId: settings.vpcId, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: group.arn, iamRoleArn: role.arn, maxAggregationInterval: 60 },
        { parent, dependsOn: [permissions] },
    );
}
