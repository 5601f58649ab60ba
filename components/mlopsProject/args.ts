import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { input, logRetentionDaysSchema, wholeNumber } from "../args";
import { AwsContext, Naming } from "../naming";
import { GIT_BRANCH } from "../retrainPipeline/args";
import { MlopsProjectNames, mlopsNameProblems } from "./names";

/**
 * The arguments of MlopsProject, as one zod schema: the project's settings (what one entry of
 * `mlplatform:mlops` holds, each field described as in the README's table) and the platform resources the
 * project uses.
 */

/** 2-18 lowercase letters, digits or single hyphens: the first part of the pipelines' names (see names.ts). */
const PROJECT_NAME = /^[a-z](?!.*--)[a-z0-9-]{0,16}[a-z0-9]$/;
const CODECOMMIT_REPO = /^[\w.-]{1,100}$/;
const OWNER_REPO = /^[\w.-]{1,100}\/[\w.-]{1,100}$/;
const CONNECTION_ARN = /^arn:aws[\w-]*:(codeconnections|codestar-connections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/;
const INSTANCE_TYPE = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;
const RELATIVE_PATH = /^(?!\/)(?!.*\.\.)[\w./-]{1,255}$/;
const BUCKET_NAME = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KEY_PREFIX = /^(?!\/)[\w./-]{1,200}[^/]$/;
const KMS_ALIAS = /^alias\/(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/;

/** Where the build and deploy repositories live. */
const sourceSchema = z
    .discriminatedUnion(
        "type",
        [
            z.strictObject({
                type: z.literal("codecommit"),
            }),
            z.strictObject({
                type: z.literal("codeconnections"),
                /** ARN of an existing, AVAILABLE CodeConnections connection (GitHub, GitLab, Bitbucket). */
                connectionArn: z.string({ error: "the ARN of an existing CodeConnections connection" }).regex(CONNECTION_ARN, {
                    error: "a connection ARN such as arn:aws:codeconnections:<region>:<account>:connection/<id>",
                }),
            }),
        ],
        { error: 'type "codecommit", or type "codeconnections" with connectionArn' },
    )
    .default({ type: "codecommit" })
    .describe('`{type: codecommit}` (repositories created with the platform key) or `{type: codeconnections, connectionArn}` (GitHub, GitLab, Bitbucket through an existing connection)');

/** One stage's endpoint size. */
function stageSchema(defaults: { instanceType: string; initialInstanceCount: number; maxInstanceCount: number }) {
    return z
        .strictObject({
            instanceType: z.string({ error: "a SageMaker instance type such as ml.m5.large" }).regex(INSTANCE_TYPE, { error: "a SageMaker instance type such as ml.m5.large" }).default(defaults.instanceType),
            initialInstanceCount: wholeNumber(1, 40, "instances").default(defaults.initialInstanceCount),
            maxInstanceCount: wholeNumber(1, 40, "instances").default(defaults.maxInstanceCount),
        })
        .refine((s) => s.maxInstanceCount >= s.initialInstanceCount, { error: "maxInstanceCount at least initialInstanceCount", path: ["maxInstanceCount"] })
        .prefault({});
}

/** What one model family's MLOps project may vary (one entry of `mlplatform:mlops`). */
export const mlopsProjectSettingsSchema = z
    .strictObject({
        name: z
            .string({ error: "the project name (required): 2-18 lowercase letters, digits or single hyphens, starting with a letter" })
            .regex(PROJECT_NAME, { error: "2-18 lowercase letters, digits or single hyphens, starting with a letter" })
            .describe("project (model family) name, part of every name: `sefaz-ml-<name>-<env>`, pipelines `<name>_build_sefaz-ml-<env>`"),
        source: sourceSchema,
        branch: z.string({ error: "a git branch name" }).regex(GIT_BRANCH, { error: "a git branch name" }).default("main").describe("pushes to it start both pipelines"),
        buildRepository: z
            .string({ error: "a repository name" })
            .optional()
            .describe("model build repository: a CodeCommit name (default `sefaz-ml-<name>-model-build-<env>`, seed: `model-build-pipeline`) or `owner/repo` with codeconnections (required there)"),
        deployRepository: z
            .string({ error: "a repository name" })
            .optional()
            .describe("model deploy repository (holds the endpoint program): a CodeCommit name (default `sefaz-ml-<name>-model-deploy-<env>`) or `owner/repo` with codeconnections (required there)"),
        staging: stageSchema({ instanceType: "ml.m5.large", initialInstanceCount: 1, maxInstanceCount: 2 }).describe("staging endpoint: `{instanceType, initialInstanceCount, maxInstanceCount}`"),
        prod: stageSchema({ instanceType: "ml.m5.large", initialInstanceCount: 2, maxInstanceCount: 4 }).describe("prod endpoint: `{instanceType, initialInstanceCount, maxInstanceCount}`"),
        approverEmails: z
            .array(z.email({ error: "an e-mail address" }), { error: "a list of e-mail addresses" })
            .min(1, { error: "at least one reviewer's e-mail address" })
            .describe("reviewers told when a model awaits approval and when prod awaits promotion (each confirms the subscription)"),
        endpointProgramDir: z
            .string({ error: "a relative path" })
            .regex(RELATIVE_PATH, { error: "a relative path inside the deploy repository, e.g. programs/model-endpoint" })
            .default("programs/model-endpoint")
            .describe("the endpoint program inside the deploy repository's checkout"),
        policyPackDir: z
            .string({ error: "a relative path" })
            .regex(RELATIVE_PATH, { error: "a relative path inside the deploy repository, e.g. policy-pack" })
            .default("policy-pack")
            .describe("the policy pack `pulumi up --policy-pack` enforces, inside the deploy repository's checkout"),
        testPayloadFile: z
            .string({ error: "a relative path" })
            .regex(RELATIVE_PATH, { error: "a relative path inside the deploy repository" })
            .default("programs/model-endpoint/test-payload.json")
            .describe("request body the staging test sends to the endpoint"),
        stateBucket: z
            .string({ error: "an S3 bucket name" })
            .regex(BUCKET_NAME, { error: "an S3 bucket name" })
            .optional()
            .describe("bucket of the endpoint program's Pulumi state (default: the platform's artifacts bucket)"),
        statePrefix: z
            .string({ error: "an S3 key prefix" })
            .regex(KEY_PREFIX, { error: "an S3 key prefix without leading or trailing slash, e.g. pulumi-state/churn" })
            .optional()
            .describe("key prefix of that state (default `pulumi-state/<name>`)"),
        secretsProviderKeyAlias: z
            .string({ error: "a KMS alias" })
            .regex(KMS_ALIAS, { error: "a KMS alias such as alias/sefaz-ml-prod" })
            .optional()
            .describe("KMS alias of the endpoint stacks' secrets provider `awskms://` (default: the platform key's alias)"),
    })
    .superRefine((s, ctx) => {
        for (const field of ["buildRepository", "deployRepository"] as const) {
            const value = s[field];
            if (s.source.type === "codeconnections" && (value === undefined || !OWNER_REPO.test(value))) {
                ctx.addIssue({ code: "custom", path: [field], input: value, message: "owner/repo of the repository behind the connection (required with codeconnections)" });
            }
            if (s.source.type === "codecommit" && value !== undefined && !CODECOMMIT_REPO.test(value)) {
                ctx.addIssue({ code: "custom", path: [field], input: value, message: "a CodeCommit repository name: 1-100 letters, digits, _ . -" });
            }
        }
    });

/** One project's settings as given (defaults may be omitted). */
export type MlopsProjectSettingsInput = z.input<typeof mlopsProjectSettingsSchema>;
/** One project's settings with every default filled in. */
export type MlopsProjectSettings = z.infer<typeof mlopsProjectSettingsSchema>;

/** The arguments of MlopsProject. */
export const mlopsProjectArgsSchema = z
    .object({
        /** Name prefix of the platform, e.g. `sefaz-ml`. */
        prefix: z.string({ error: "the platform's name prefix, e.g. sefaz-ml (required)" }),
        /** Environment name (`dev`, `prod`). */
        environment: z.string({ error: "the environment name, e.g. dev (required)" }),
        /** The project's settings (source, branch, endpoint sizes, approvers...). */
        settings: mlopsProjectSettingsSchema,
        /** Private subnets and security groups the model build, the SageMaker jobs and the endpoints run in. */
        network: z.object({
            vpcId: input<string>("the VPC ID"),
            subnetIds: input<pulumi.Input<string>[]>("the private subnet IDs"),
            securityGroupIds: input<pulumi.Input<string>[]>("the security group IDs"),
        }),
        /** Artifacts bucket: CodePipeline artifacts, the SageMaker pipeline's work and (by default) the endpoints' Pulumi state. */
        artifactsBucket: z.object({ name: input<string>("the bucket name"), arn: input<string>("the bucket ARN") }),
        /** Data bucket the SageMaker pipeline reads its training data from (read only). */
        dataBucketArn: input<string>("the data bucket's ARN").optional(),
        /** Platform KMS key: ARN, and alias (`alias/...`) for the endpoint stacks' default secrets provider. */
        kmsKey: z.object({ arn: input<string>("the platform KMS key's ARN"), alias: input<string>("the key alias, alias/...") }),
        /** Retention of every log group the project creates. */
        logRetentionDays: logRetentionDaysSchema,
        /** E-mail addresses of the platform's alerts (failed pipelines), subscribed to the project's alerts topic. */
        alertEmails: z.array(z.email({ error: "an e-mail address" }), { error: "a list of e-mail addresses" }).default([]),
        /**
         * Tags of the endpoints the deploy build creates (their own stacks have no platform provider):
         * `project`, `owner` and `cost-center`, as the pack requires; `environment` comes from the stage.
         */
        endpointTags: z.record(z.string().regex(/^[^,=]+$/, { error: "a tag key without , or =" }), z.string().regex(/^[^,]*$/, { error: "a tag value without a comma" })).default({}),
        /** Protect the model registry and the repositories from `pulumi destroy` (prod). */
        protect: z.boolean().default(false),
        /** Buildspec files; default: the package's `buildspecs/model-*.yml`. */
        buildspecs: z
            .object({ modelBuild: z.string().optional(), resolve: z.string().optional(), deploy: z.string().optional(), endpointTest: z.string().optional() })
            .default({}),
        /** CodeBuild image; a current standard image by default. */
        buildImage: z.string().default("aws/codebuild/standard:7.0"),
        /** Partition, account and region; looked up through the component's provider when omitted. */
        context: z.custom<pulumi.Input<AwsContext>>().optional(),
    })
    .superRefine((a, ctx) => {
        for (const [, message] of mlopsNameProblems(new MlopsProjectNames(new Naming(a.prefix, a.environment), a.settings.name))) {
            ctx.addIssue({ code: "custom", path: ["settings", "name"], input: a.settings.name, message });
        }
    });

/** What a caller passes to MlopsProject (settings' defaults may be omitted). */
export type MlopsProjectArgs = z.input<typeof mlopsProjectArgsSchema>;
/** MlopsProject's arguments after its schema checked them and filled in the defaults. */
export type ParsedMlopsProjectArgs = z.output<typeof mlopsProjectArgsSchema>;
