import { PolicyMetadata } from "../../lib/metadata";
import { stackCheck } from "../../lib/resourceCheck";
import { describe, isSet, isUnknown, skippedInPreview, whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "codebuild",
    severity: "medium",
    remediationSteps: [
        "Create an aws.cloudwatch.LogGroup (customer-managed kmsKeyId, retentionInDays) and name it in logsConfig.cloudwatchLogs.groupName.",
        "Or create the group CodeBuild would use, /aws/codebuild/<project name>, in the same stack.",
    ],
    url: "https://docs.aws.amazon.com/codebuild/latest/userguide/change-project-console-logs.html",
    frameworks: {
        nist: ["AU-9", "AU-11"],
    },
    source: "issue 12 (CodeBuild with KMS and logs with retention)",
};

const PROJECT = "aws:codebuild/project:Project";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

/**
 * A project that logs to CloudWatch without a groupName writes to /aws/codebuild/<project>, which CodeBuild
 * creates on the first build with no retention and no customer-managed key: cloudwatch-log-group-retention
 * and cloudwatch-log-group-kms never see it. Compliant when the group is named (the stack or the platform
 * owns it) or when the stack creates /aws/codebuild/<project> itself.
 */
export const codebuildLogGroupManaged = stackCheck({
    name: "codebuild-log-group-managed",
    description: "CodeBuild projects that log to CloudWatch write to a log group that is named or created by the stack, not one CodeBuild creates with no retention and no key.",
    metadata,
    validateStack: (args, report) => {
        const logGroups = args.resources.filter((r) => r.type === LOG_GROUP).map((r) => whenKnown(() => r.props.name));
        const waiting: string[] = [];
        for (const project of args.resources.filter((r) => r.type === PROJECT)) {
            const status = () => project.props.logsConfig?.cloudwatchLogs?.status;
            const group = () => project.props.logsConfig?.cloudwatchLogs?.groupName;
            if (isUnknown(status) || (whenKnown(status) ?? "ENABLED") === "DISABLED") {
                if (isUnknown(status)) waiting.push(describe(project));
                continue;
            }
            // An unknown group name the program set is another resource's output (a log group of this stack).
            if (isUnknown(group)) {
                if ((project.propertyDependencies?.logsConfig ?? []).length === 0) waiting.push(describe(project));
                continue;
            }
            if (isSet(group)) continue;
            const name = whenKnown(() => project.props.name);
            const defaultGroup = `/aws/codebuild/${name}`;
            if (typeof name === "string" && logGroups.includes(defaultGroup)) continue;
            if (typeof name !== "string" || logGroups.includes(undefined)) {
                waiting.push(describe(project));
                continue;
            }
            report(
                `${describe(project)} logs to ${defaultGroup}, which CodeBuild creates with no retention and no customer-managed key. Fix: set logsConfig.cloudwatchLogs.groupName to a log group of the stack (kmsKeyId, retentionInDays), or create ${defaultGroup} in the stack.`,
                project.urn,
            );
        }
        if (waiting.length > 0) throw skippedInPreview(`for ${waiting.join(", ")}`);
    },
});
