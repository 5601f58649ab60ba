import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "codebuild",
    severity: "medium",
    remediationSteps: ["Set logsConfig.cloudwatchLogs: { status: \"ENABLED\", groupName: <pre-created, encrypted log group> }."],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html#codebuild-4",
    frameworks: {
        fsbp: ["CodeBuild.4"],
        nist: ["AU-2", "AU-12"],
    },
    comparable: {
        checkov: ["CKV_AWS_314"],
    },
    source: "seed 004 (CodeBuild)",
};

const CODEBUILD_PROJECT = "aws:codebuild/project:Project";

export const codebuildLogging = withMetadata(resourceCheck({
    name: "codebuild-logging",
    description: "CodeBuild projects keep build logs in CloudWatch Logs or S3.",
    types: [CODEBUILD_PROJECT],
    check: (props, report) => {
        const cw = props.logsConfig?.cloudwatchLogs?.status ?? "ENABLED";
        const s3 = props.logsConfig?.s3Logs?.status ?? "DISABLED";
        if (cw === "DISABLED" && s3 === "DISABLED") {
            report("keeps no build logs", 'set logsConfig.cloudwatchLogs: { status: "ENABLED", groupName: <pre-created, encrypted log group> }');
        }
    },
}), metadata);
