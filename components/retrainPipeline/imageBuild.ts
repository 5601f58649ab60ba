import * as fs from "fs";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { packageFile } from "../packageFiles";
import { repositoryPolicy } from "./iam";
import { PipelinePartArgs, PipelineRoles, movedInto, pipelineLogGroup } from "./part";

/**
 * The buildspec of the training image, kept as a file so it can be read and reviewed as such; shipped with
 * the package (buildspecs/) and found from the package's root, from the sources as from dist/.
 */
export const DEFAULT_BUILDSPEC = packageFile("buildspecs", "training-image.yml");

/**
 * Source and image of a retraining pipeline: the CodeCommit repository of the training code, the ECR
 * repository of its images (immutable tags, scanned, KMS-encrypted, expiring), and the CodeBuild project
 * that builds and pushes the image, with its log group.
 */
export class RetrainPipelineImageBuild extends pulumi.ComponentResource {
    readonly repository: aws.codecommit.Repository;
    readonly imageRepository: aws.ecr.Repository;
    readonly buildProject: aws.codebuild.Project;

    constructor(resourceName: string, part: PipelinePartArgs & PipelineRoles, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:RetrainPipelineImageBuild", resourceName, {}, opts);
        const { name, args, names, ctx, pipeline, roles, permissions } = part;
        const s = args.settings;
        const moved = movedInto(this, pipeline);
        const kept = { ...moved, protect: args.protect };

        const buildLogs = pipelineLogGroup(`${name}-build`, names.buildLogGroup, args, moved);
        this.repository = new aws.codecommit.Repository(
            `${name}-source`,
            { repositoryName: names.repository, description: `Training code of model ${s.name}`, defaultBranch: s.branch, kmsKeyId: args.kmsKeyArn },
            kept,
        );
        this.imageRepository = new aws.ecr.Repository(
            `${name}-images`,
            {
                name: names.repository,
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
                forceDelete: !args.protect,
            },
            kept,
        );
        new aws.ecr.LifecyclePolicy(
            `${name}-images`,
            {
                repository: this.imageRepository.name,
                policy: JSON.stringify({
                    rules: [
                        {
                            rulePriority: 1,
                            description: "Expire untagged images after a day",
                            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
                            action: { type: "expire" },
                        },
                        {
                            rulePriority: 2,
                            description: `Keep the last ${s.keepImages} images`,
                            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: s.keepImages },
                            action: { type: "expire" },
                        },
                    ],
                }),
            },
            moved,
        );
        new aws.ecr.RepositoryPolicy(
            `${name}-images`,
            { repository: this.imageRepository.name, policy: ctx.apply((c) => JSON.stringify(repositoryPolicy(names, c))) },
            { ...moved, dependsOn: [roles.execution, roles.build] },
        );
        this.buildProject = new aws.codebuild.Project(
            `${name}-build`,
            {
                name: names.buildProject,
                description: `Builds and pushes the training image of model ${s.name}`,
                serviceRole: roles.build.arn,
                source: { type: "CODECOMMIT", location: this.repository.cloneUrlHttp, buildspec: fs.readFileSync(args.buildspecPath ?? DEFAULT_BUILDSPEC, "utf8"), gitCloneDepth: 1 },
                sourceVersion: `refs/heads/${s.branch}`,
                artifacts: { type: "NO_ARTIFACTS" },
                environment: {
                    type: "LINUX_CONTAINER",
                    computeType: "BUILD_GENERAL1_SMALL",
                    image: args.buildImage ?? "aws/codebuild/standard:7.0",
                    imagePullCredentialsType: "CODEBUILD",
                    // Docker-in-Docker needs privileged mode; this project only builds the image.
                    privilegedMode: true,
                    environmentVariables: [
                        { name: "ECR_REPOSITORY_URI", value: this.imageRepository.repositoryUrl, type: "PLAINTEXT" },
                        { name: "AWS_ACCOUNT_ID", value: ctx.apply((c) => c.accountId), type: "PLAINTEXT" },
                    ],
                },
                encryptionKey: args.kmsKeyArn,
                buildTimeout: 60,
                queuedTimeout: 480,
                logsConfig: { cloudwatchLogs: { status: "ENABLED", groupName: buildLogs.name }, s3Logs: { status: "DISABLED" } },
                // The one exemption of the platform, with its reason (listed by the pack's exemptions-in-use).
                tags: { "mlplatform:exempt:codebuild-no-privileged-mode": "Builds the training image with docker build which needs the Docker daemon of privileged mode" },
            },
            { ...moved, dependsOn: [buildLogs, permissions.build] },
        );
        this.registerOutputs({
            repositoryCloneUrl: this.repository.cloneUrlHttp,
            imageRepositoryUrl: this.imageRepository.repositoryUrl,
            buildProjectArn: this.buildProject.arn,
        });
    }
}
