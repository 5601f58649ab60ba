import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { packageFile } from "../packageFiles";
import { MlopsBuildProject, MlopsRoleKey } from "./names";
import { MlopsPartArgs, projectLogGroup } from "./part";

/** The buildspecs of the project, kept as files so they can be read and reviewed as such. */
const BUILDSPEC_DIR = packageFile("buildspecs");
export const DEFAULT_BUILDSPECS: Record<MlopsBuildProject, string> = {
    "model-build": path.join(BUILDSPEC_DIR, "model-build.yml"),
    resolve: path.join(BUILDSPEC_DIR, "model-resolve.yml"),
    // The endpoint program's deploy and smoke test; their header lists the variables set below.
    deploy: path.join(BUILDSPEC_DIR, "model-deploy.yml"),
    "endpoint-test": path.join(BUILDSPEC_DIR, "model-endpoint-test.yml"),
};

/** Which role runs each project: the model build has its own; resolve, deploy and test share the deploy role. */
const RUNS_AS: Record<MlopsBuildProject, MlopsRoleKey> = { "model-build": "model-build", resolve: "deploy", deploy: "deploy", "endpoint-test": "deploy" };

/** A buildspec's text; a missing file is an error naming it (a build that cannot run is not deployed). */
export function buildspecText(file: string): string {
    if (!fs.existsSync(file)) throw new Error(`MlopsProject: buildspec ${file} not found: pass an existing file in settings.buildspecs, or reinstall @mlplatform/components`);
    return fs.readFileSync(file, "utf8");
}

/**
 * The project's CodeBuild projects, all run by CodePipeline: the model build (in the platform's private
 * subnets, upserting and starting the SageMaker pipeline), the resolve step, the endpoint deploy (Pulumi)
 * and the endpoint test. Each is encrypted with the platform key and logs to its own retained log group.
 */
export function createBuildProjects(parent: pulumi.Resource, part: MlopsPartArgs, variables: Record<MlopsBuildProject, Record<string, pulumi.Input<string>>>): Record<MlopsBuildProject, aws.codebuild.Project> {
    const { name, args, names, roles, permissions } = part;
    const s = args.settings;
    const projects = {} as Record<MlopsBuildProject, aws.codebuild.Project>;
    const descriptions: Record<MlopsBuildProject, string> = {
        "model-build": `Upserts and starts the SageMaker pipeline of MLOps project ${s.name}`,
        resolve: `Finds the newest Approved model package of project ${s.name}`,
        deploy: `Deploys a model endpoint of project ${s.name} with pulumi up and the platform's policy pack`,
        "endpoint-test": `Invokes the staging endpoint of project ${s.name}`,
    };
    const files: Record<MlopsBuildProject, string | undefined> = {
        "model-build": args.buildspecs.modelBuild,
        resolve: args.buildspecs.resolve,
        deploy: args.buildspecs.deploy,
        "endpoint-test": args.buildspecs.endpointTest,
    };
    for (const project of Object.keys(DEFAULT_BUILDSPECS) as MlopsBuildProject[]) {
        const logs = projectLogGroup(`${name}-${project}`, names.logGroup(project), args, { parent });
        const role = RUNS_AS[project];
        // The model build runs where the SageMaker jobs run. The deploy build installs the Pulumi CLI and
        // npm packages, so it runs in CodeBuild's own network; it only calls AWS APIs.
        const inVpc = project === "model-build";
        projects[project] = new aws.codebuild.Project(
            `${name}-${project}`,
            {
                name: names.buildProject(project),
                description: descriptions[project],
                serviceRole: roles[role].arn,
                source: { type: "CODEPIPELINE", buildspec: buildspecText(files[project] ?? DEFAULT_BUILDSPECS[project]) },
                artifacts: { type: "CODEPIPELINE" },
                environment: {
                    type: "LINUX_CONTAINER",
                    computeType: "BUILD_GENERAL1_SMALL",
                    image: args.buildImage,
                    imagePullCredentialsType: "CODEBUILD",
                    privilegedMode: false,
                    environmentVariables: Object.entries(variables[project]).map(([n, value]) => ({ name: n, value, type: "PLAINTEXT" })),
                },
                encryptionKey: args.kmsKey.arn,
                buildTimeout: project === "model-build" ? 480 : 60,
                queuedTimeout: 480,
                logsConfig: { cloudwatchLogs: { status: "ENABLED", groupName: logs.name }, s3Logs: { status: "DISABLED" } },
                vpcConfig: inVpc
                    ? { vpcId: args.network.vpcId, subnets: args.network.subnetIds, securityGroupIds: args.network.securityGroupIds }
                    : undefined,
            },
            { parent, dependsOn: [logs, permissions[role]] },
        );
    }
    return projects;
}
