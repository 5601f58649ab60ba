import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { isSet } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "cloudwatch",
    severity: "low",
    remediationSteps: ["Set alarmActions to an SNS topic.", "Keep actionsEnabled true."],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-15",
    frameworks: {
        nist: ["AU-6", "SI-4"],
    },
    comparable: {
        checkov: ["CKV_AWS_319"],
    },
    source: "seed 000 (alarm to SNS)",
};

export const alarmHasActions = withMetadata(resourceCheck({
    name: "cloudwatch-alarm-has-actions",
    description: "CloudWatch alarms notify someone when they fire.",
    types: ["aws:cloudwatch/metricAlarm:MetricAlarm"],
    check: (props, report) => {
        if (props.actionsEnabled === false || !isSet(() => props.alarmActions)) {
            report("notifies nobody when it fires", "set alarmActions to an SNS topic (and keep actionsEnabled true)");
        }
    },
}), metadata);
