import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../naming";
import { ParsedMlopsProjectArgs } from "./args";
import { MlopsProjectNames, MlopsRoleKey } from "./names";

/** What the parts of an MlopsProject (pipelines, alerts) are built from: checked arguments, names, context. */
export interface MlopsPartArgs {
    /** The project's resource name, the prefix of every resource name. */
    name: string;
    args: ParsedMlopsProjectArgs;
    names: MlopsProjectNames;
    ctx: pulumi.Output<AwsContext>;
    roles: Record<MlopsRoleKey, aws.iam.Role>;
    /** Users of a role wait for its permissions, not just the role. */
    permissions: Record<MlopsRoleKey, aws.iam.RolePolicy>;
    /** The repositories the pipelines read: CodeCommit names, or `owner/repo` behind the connection. */
    repositories: { build: string; deploy: string };
    alertsTopicArn: pulumi.Output<string>;
    approvalsTopicArn: pulumi.Output<string>;
}

/** An encrypted log group with the project's retention, created before anything writes to it. */
export function projectLogGroup(resourceName: string, groupName: string, args: ParsedMlopsProjectArgs, opts: pulumi.CustomResourceOptions): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(resourceName, { name: groupName, retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKey.arn }, opts);
}
