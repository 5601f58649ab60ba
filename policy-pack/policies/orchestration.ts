import { resourceCheck } from "../lib/resourceCheck";
import { isSet } from "../lib/values";

const STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";
const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";

export const sfnLoggingAndTracing = resourceCheck({
    name: "sfn-logging-and-tracing",
    description: "Step Functions state machines log every event (level ALL) and trace with X-Ray.",
    severity: "medium",
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
});

/** Targets EventBridge can only invoke with a role: Step Functions, CodeBuild, ECS tasks. */
const ROLE_TARGET = /^arn:[^:]+:(states|codebuild|ecs):/;

export const eventTargetRole = resourceCheck({
    name: "eventbridge-target-has-role",
    description: "EventBridge targets that start Step Functions, CodeBuild or ECS name the role EventBridge assumes.",
    severity: "high",
    types: [EVENT_TARGET],
    check: (props, report) => {
        if (ROLE_TARGET.test(String(props.arn ?? "")) && !isSet(() => props.roleArn)) {
            report(
                `targets ${String(props.arn).split(":")[2]} without a role, so EventBridge cannot invoke it (seed 000's schedule never ran)`,
                "set roleArn to a role trusted by events.amazonaws.com that may only start this target",
            );
        }
    },
});

export const orchestrationPolicies = [sfnLoggingAndTracing, eventTargetRole];
