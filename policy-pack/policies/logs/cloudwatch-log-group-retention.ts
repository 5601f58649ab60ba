import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "logs",
    severity: "low",
    remediationSteps: ["Set retentionInDays to at least the configured minimumRetentionDays."],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16",
    frameworks: {
        nist: ["AU-11"],
    },
    comparable: {
        checkov: ["CKV_AWS_66", "CKV_AWS_338"],
    },
    source: "seed 004 (CloudWatch)",
};

export const logGroupRetention = withMetadata(resourceCheck({
    name: "cloudwatch-log-group-retention",
    description: "CloudWatch log groups expire their events after a set retention of at least the configured minimum.",
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    configSchema: {
        properties: {
            minimumRetentionDays: { type: "integer", minimum: 1, default: 30, description: "Shortest retention allowed, in days." },
        },
    },
    check: (props, report, args) => {
        const minimum = args.getConfig<{ minimumRetentionDays?: number }>().minimumRetentionDays ?? 30;
        const days = props.retentionInDays;
        if (!days) {
            report("keeps logs forever", `set retentionInDays (at least ${minimum})`);
        } else if (days < minimum) {
            report(`keeps logs ${days} days, less than the required ${minimum}`, `set retentionInDays to ${minimum} or more`);
        }
    },
}), metadata);
