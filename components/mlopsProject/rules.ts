import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Arns } from "../naming";
import { MlopsPipeline, MlopsRule } from "./names";
import { MlopsPartArgs } from "./part";
import { approvedPackagePattern, awaitingReviewPattern, pipelineFailedPattern, pushPattern, sageMakerPipelineFailedPattern } from "./patterns";

/**
 * The project's EventBridge rules: an Approved package of this group starts the deploy pipeline; pushes
 * to CodeCommit sources start the pipelines (connections use pipeline triggers instead); a package waiting
 * for review notifies the reviewers; failed CodePipeline and SageMaker pipeline executions alert.
 */
export function createRules(parent: pulumi.Resource, part: MlopsPartArgs, pipelines: Record<MlopsPipeline, aws.codepipeline.Pipeline>): Record<string, aws.cloudwatch.EventRule> {
    const { name, args, names, ctx, roles, permissions } = part;
    const s = args.settings;
    const rules: Record<string, aws.cloudwatch.EventRule> = {};
    const retryPolicy = { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 };
    const rule = (purpose: MlopsRule, description: string, pattern: pulumi.Input<object>) =>
        (rules[purpose] = new aws.cloudwatch.EventRule(
            `${name}-${purpose}`,
            { name: names.eventRule(purpose), description, eventPattern: pulumi.output(pattern).apply((p) => JSON.stringify(p)) },
            { parent },
        ));
    const startPipeline = (purpose: MlopsRule, which: MlopsPipeline) =>
        new aws.cloudwatch.EventTarget(
            `${name}-${purpose}`,
            { rule: rules[purpose].name, arn: pipelines[which].arn, roleArn: roles.events.arn, retryPolicy },
            { parent, dependsOn: [permissions.events] },
        );
    const notify = (purpose: MlopsRule, topicArn: pulumi.Input<string>) =>
        new aws.cloudwatch.EventTarget(`${name}-${purpose}`, { rule: rules[purpose].name, arn: topicArn, retryPolicy }, { parent });

    rule("approved", `An Approved model package of ${names.modelPackageGroup} starts the deploy pipeline`, approvedPackagePattern(names.modelPackageGroup));
    startPipeline("approved", "deploy");
    if (s.source.type === "codecommit") {
        for (const which of ["build", "deploy"] as const) {
            const purpose = `${which}-push` as const;
            rule(purpose, `Pushes to ${s.branch} of ${part.repositories[which]} start the ${which} pipeline`, ctx.apply((c) => pushPattern(new Arns(c).of("codecommit", part.repositories[which]), s.branch)));
            startPipeline(purpose, which);
        }
    }
    rule("awaiting-review", `A model package of ${names.modelPackageGroup} waits for review`, awaitingReviewPattern(names.modelPackageGroup));
    notify("awaiting-review", part.approvalsTopicArn);
    rule("pipeline-failed", `A pipeline execution of project ${s.name} failed`, pipelineFailedPattern([names.pipeline("build"), names.pipeline("deploy")]));
    notify("pipeline-failed", part.alertsTopicArn);
    rule(
        "sm-failed",
        `An execution of the SageMaker pipeline ${names.sageMakerPipeline} failed`,
        ctx.apply((c) => sageMakerPipelineFailedPattern(new Arns(c).of("sagemaker", `pipeline/${names.sageMakerPipeline}`))),
    );
    notify("sm-failed", part.alertsTopicArn);
    return rules;
}
