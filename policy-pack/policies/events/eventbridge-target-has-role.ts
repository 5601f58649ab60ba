import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { isSet } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "events",
    severity: "high",
    remediationSteps: ["Set roleArn to a role trusted by events.amazonaws.com that may only start this target."],
    url: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html",
    frameworks: {
        nist: ["AC-6"],
    },
    source: "seed 000 (schedule without role)",
};

const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";

/** Targets EventBridge can only invoke with a role: Step Functions, CodeBuild, ECS tasks. */
const ROLE_TARGET = /^arn:[^:]+:(states|codebuild|ecs):/;

export const eventTargetRole = withMetadata(resourceCheck({
    name: "eventbridge-target-has-role",
    description: "EventBridge targets that start Step Functions, CodeBuild or ECS name the role EventBridge assumes.",
    types: [EVENT_TARGET],
    check: (props, report) => {
        if (ROLE_TARGET.test(String(props.arn ?? "")) && !isSet(() => props.roleArn)) {
            report(
                `targets ${String(props.arn).split(":")[2]} without a role, so EventBridge cannot invoke it (seed 000's schedule never ran)`,
                "set roleArn to a role trusted by events.amazonaws.com that may only start this target",
            );
        }
    },
}), metadata);
