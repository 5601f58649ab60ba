/**
 * The EventBridge patterns of a project, as data (tested against sample events). Upstream templates start
 * the deploy on every registry state change; here only an Approved package of this project's group does,
 * and a package waiting for review tells the reviewers.
 */

/** Only a package of this group that became Approved starts the deploy pipeline. */
export function approvedPackagePattern(groupName: string): object {
    return {
        source: ["aws.sagemaker"],
        "detail-type": ["SageMaker Model Package State Change"],
        detail: { ModelPackageGroupName: [groupName], ModelApprovalStatus: ["Approved"] },
    };
}

/** A package of this group waiting for a person's review tells the reviewers. */
export function awaitingReviewPattern(groupName: string): object {
    return {
        source: ["aws.sagemaker"],
        "detail-type": ["SageMaker Model Package State Change"],
        detail: { ModelPackageGroupName: [groupName], ModelApprovalStatus: ["PendingManualApproval"] },
    };
}

/** Pushes to the branch of a CodeCommit repository (CodeCommit sources; connections use pipeline triggers). */
export function pushPattern(repositoryArn: string, branch: string): object {
    return {
        source: ["aws.codecommit"],
        "detail-type": ["CodeCommit Repository State Change"],
        resources: [repositoryArn],
        detail: { event: ["referenceCreated", "referenceUpdated"], referenceType: ["branch"], referenceName: [branch] },
    };
}

/** A failed execution of one of this project's CodePipelines. */
export function pipelineFailedPattern(pipelineNames: string[]): object {
    return {
        source: ["aws.codepipeline"],
        "detail-type": ["CodePipeline Pipeline Execution State Change"],
        detail: { pipeline: pipelineNames, state: ["FAILED"] },
    };
}

/** A failed or stopped execution of this project's SageMaker pipeline. */
export function sageMakerPipelineFailedPattern(pipelineArn: string): object {
    return {
        source: ["aws.sagemaker"],
        "detail-type": ["SageMaker Model Building Pipeline Execution Status Change"],
        detail: { pipelineArn: [pipelineArn], currentPipelineExecutionStatus: ["Failed", "Stopped"] },
    };
}
