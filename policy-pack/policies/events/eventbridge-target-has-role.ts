import { parseArn } from "../../lib/documents";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { isSet } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "events",
    severity: "high",
    remediationSteps: ["Set roleArn to a role trusted by events.amazonaws.com (with aws:SourceAccount) that may only start this target."],
    url: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-iam-roles.html",
    frameworks: {
        nist: ["AC-6"],
    },
    source: "seed 000 (schedule without role); issue 12 (CodePipeline targets)",
};

const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";

/**
 * Targets EventBridge can only invoke with a role it assumes (no resource policy lets it in), by ARN
 * service and resource type: Step Functions, CodeBuild, ECS, CodePipeline, SageMaker pipelines, Kinesis
 * streams, Batch job queues. SNS, SQS, Lambda, CloudWatch Logs and same-account buses use resource
 * policies instead; API Gateway may use either, so neither is judged.
 */
const ROLE_TARGETS: Array<{ service: string; resource?: RegExp }> = [
    { service: "states" },
    { service: "codebuild" },
    { service: "ecs" },
    { service: "codepipeline" },
    { service: "sagemaker", resource: /^pipeline\// },
    { service: "kinesis", resource: /^stream\// },
    { service: "batch", resource: /^job-queue\// },
];

/** The service of a target ARN (any partition: aws, aws-cn, aws-us-gov, ...) that EventBridge starts only with a role, or undefined. */
export function roleTargetService(arn: unknown): string | undefined {
    const parsed = typeof arn === "string" ? parseArn(arn) : undefined;
    if (!parsed || !parsed.partition.startsWith("aws")) return undefined;
    return ROLE_TARGETS.find((t) => t.service === parsed.service && (!t.resource || t.resource.test(parsed.resource)))?.service;
}

export const eventTargetRole = withMetadata(resourceCheck({
    name: "eventbridge-target-has-role",
    description: "EventBridge targets that start Step Functions, CodeBuild, ECS, CodePipeline, SageMaker pipelines, Kinesis or Batch name the role EventBridge assumes.",
    types: [EVENT_TARGET],
    check: (props, report) => {
        // A role (even one unknown in preview) settles it, whatever the target: its ARN need not be known.
        if (isSet(() => props.roleArn)) return;
        const target = roleTargetService(props.arn);
        if (target) {
            report(
                `targets ${target} without a role, so EventBridge cannot invoke it (seed 000's schedule never ran)`,
                "set roleArn to a role trusted by events.amazonaws.com that may only start this target",
            );
        }
    },
}), metadata);
