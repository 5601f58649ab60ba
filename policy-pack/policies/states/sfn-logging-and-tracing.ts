import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { isSet } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "states",
    severity: "medium",
    remediationSteps: [
        "Set loggingConfiguration: { level: \"ALL\", includeExecutionData: true, logDestination: \"<log group ARN>:*\" }.",
        "Set tracingConfiguration: { enabled: true }.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/stepfunctions-controls.html#stepfunctions-1",
    frameworks: {
        fsbp: ["StepFunctions.1"],
        nist: ["AU-2", "AU-12"],
    },
    comparable: {
        checkov: ["CKV_AWS_284", "CKV_AWS_285"],
        cdkNag: ["AwsSolutions-SF1", "AwsSolutions-SF2"],
    },
    source: "seed 004 (Step Functions)",
};

const STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";

export const sfnLoggingAndTracing = withMetadata(resourceCheck({
    name: "sfn-logging-and-tracing",
    description: "Step Functions state machines log every event (level ALL) and trace with X-Ray.",
    types: [STATE_MACHINE],
    check: (props, report) => {
        const logging = props.loggingConfiguration;
        const destination = isSet(() => logging?.logDestination);
        if (logging?.level !== "ALL" || !destination) {
            report(
                `logs at level ${logging?.level ?? "OFF"}${destination ? "" : " with no destination"}`,
                'set loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: "<log group ARN>:*" }',
            );
        }
        if (props.tracingConfiguration?.enabled !== true) {
            report("is not traced", "set tracingConfiguration: { enabled: true }");
        }
    },
}), metadata);
