import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "codebuild",
    severity: "high",
    remediationSteps: [
        "Set environment.privilegedMode: false.",
        "A project that must build container images may be exempted, with the reason.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html#codebuild-5",
    frameworks: {
        fsbp: ["CodeBuild.5"],
        nist: ["AC-6"],
    },
    comparable: {
        checkov: ["CKV_AWS_316"],
    },
    source: "seed 000 (privileged build)",
};

const CODEBUILD_PROJECT = "aws:codebuild/project:Project";

export const codebuildNoPrivilegedMode = withMetadata(resourceCheck({
    name: "codebuild-no-privileged-mode",
    description: "CodeBuild projects do not run privileged (a Docker daemon with host access), unless exempted with a reason.",
    types: [CODEBUILD_PROJECT],
    check: (props, report) => {
        if (props.environment?.privilegedMode === true) {
            report(
                "runs in privileged mode",
                'set environment.privilegedMode: false; a project that must build container images may be exempted by the tag "mlplatform:exempt:codebuild-no-privileged-mode" with the reason',
            );
        }
    },
}), metadata);
