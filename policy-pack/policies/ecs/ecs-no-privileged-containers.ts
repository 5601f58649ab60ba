import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { containerDefinitions, resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "ecs",
    severity: "high",
    remediationSteps: ["Remove privileged: true from the container definition."],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-4",
    frameworks: {
        fsbp: ["ECS.4"],
        nist: ["AC-6"],
    },
    comparable: {
        checkov: ["CKV_AWS_334"],
    },
    source: "seed 004 (ECS)",
};

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

export const ecsNoPrivilegedContainers = withMetadata(resourceCheck({
    name: "ecs-no-privileged-containers",
    description: "ECS containers do not run privileged.",
    types: [TASK_DEFINITION],
    check: (props, report) => {
        for (const c of containerDefinitions(props)) {
            if (c.privileged === true) report(`container "${c.name}" runs privileged`, "remove privileged: true from its container definition");
        }
    },
}), metadata);
