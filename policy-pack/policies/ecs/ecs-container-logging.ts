import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { containerDefinitions, resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "ecs",
    severity: "medium",
    remediationSteps: [
        "Set logConfiguration: { logDriver: \"awslogs\", options: { \"awslogs-group\", \"awslogs-region\", \"awslogs-stream-prefix\" } } on each container, with a pre-created, encrypted log group.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-9",
    frameworks: {
        fsbp: ["ECS.9"],
        nist: ["AU-2", "AU-12"],
    },
    comparable: {
        cdkNag: ["AwsSolutions-ECS7"],
    },
    source: "seed 004 (CloudWatch)",
};

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

export const ecsContainerLogging = withMetadata(resourceCheck({
    name: "ecs-container-logging",
    description: "ECS containers send their logs somewhere (a log driver is configured).",
    types: [TASK_DEFINITION],
    check: (props, report) => {
        for (const c of containerDefinitions(props)) {
            if (!c.logConfiguration?.logDriver) {
                report(
                    `container "${c.name}" has no log configuration`,
                    'set logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": <pre-created log group>, "awslogs-region": <region>, "awslogs-stream-prefix": <name> } }',
                );
            }
        }
    },
}), metadata);
