import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyPackConfig } from "../../tools/offline/policyPack";
import { inlineRun, skipsOf, violationsOf } from "../harness";

/**
 * Shared fixtures of the policy specs (policy-pack/policies/<service>/<policy>.spec.ts): ARNs, a
 * compliant trust policy, and small builders of typical resources, so each spec shows only what its
 * policy judges.
 */

export const KEY = "arn:aws:kms:us-east-1:123456789012:key/test";
export const ROLE = "arn:aws:iam::123456789012:role/r";
export const TAGS = { project: "p", environment: "dev", owner: "team", "cost-center": "cc" };
export const ECS_TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });

/** The named policy's findings for a program, as `resource name: message` lines. */
export async function findings(policy: string, build: () => void, config: PolicyPackConfig = {}, preview = false): Promise<string[]> {
    return violationsOf(await inlineRun(build, { preview }), policy, config);
}

/** The policy's findings and announced skips for a program run in preview mode (outputs of new resources unknown). */
export async function inPreview(policy: string, build: () => void, config: PolicyPackConfig = {}): Promise<{ violations: string[]; skips: string[] }> {
    const run = await inlineRun(build, { preview: true });
    return { violations: await violationsOf(run, policy, config), skips: await skipsOf(run, policy, config) };
}

/** Names of the resources the named policy reports for a program, sorted. */
export async function reported(policy: string, build: () => void, config: PolicyPackConfig = {}, preview = false): Promise<string[]> {
    return (await findings(policy, build, config, preview)).map((v) => v.split(":")[0]).sort();
}

/** A fully compliant bucket built from the separate v7 resources, with parts left out or changed on request. */
export function bucketProgram(omit: Array<"sse" | "versioning" | "pab" | "policy"> = [], tweak: { sseAlgorithm?: string; pabFlag?: boolean; versioning?: string; tlsCondition?: string } = {}) {
    return () => {
        const bucket = new aws.s3.Bucket("b", { bucket: "team-bucket" });
        if (!omit.includes("sse")) {
            new aws.s3.BucketServerSideEncryptionConfiguration("b", {
                bucket: bucket.bucket,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: tweak.sseAlgorithm ?? "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }],
            });
        }
        if (!omit.includes("versioning")) {
            new aws.s3.BucketVersioning("b", { bucket: bucket.bucket, versioningConfiguration: { status: tweak.versioning ?? "Enabled" } });
        }
        if (!omit.includes("pab")) {
            new aws.s3.BucketPublicAccessBlock("b", {
                bucket: bucket.bucket,
                blockPublicAcls: true,
                blockPublicPolicy: tweak.pabFlag ?? true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
        }
        if (!omit.includes("policy")) {
            new aws.s3.BucketPolicy("b", {
                bucket: bucket.bucket,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:*",
                            Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                            Condition: { Bool: { "aws:SecureTransport": tweak.tlsCondition ?? "false" } },
                        },
                    ],
                }),
            });
        }
    };
}

/** A bucket configured inline, as a v7 Bucket still allows, with an account-wide public access block. */
export function inlineBucketProgram() {
    new aws.s3.Bucket("inline", {
        bucket: "inline-bucket",
        serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } } },
        versioning: { enabled: true },
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:*", Resource: ["arn:aws:s3:::inline-bucket", "arn:aws:s3:::inline-bucket/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
        }),
    });
    new aws.s3.AccountPublicAccessBlock("account", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
}

/** A role trusted by ECS tasks (or `trust`) with one RolePolicy holding `statements`. */
export function roleWith(name: string, statements: object[], trust?: object) {
    const role = new aws.iam.Role(name, { assumeRolePolicy: trust ? JSON.stringify(trust) : ECS_TRUST });
    new aws.iam.RolePolicy(name, { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });
}

/** A Fargate task definition with one container "app" (logging on), changed by `container`. */
export function taskDefinition(name: string, container: Record<string, unknown>) {
    return new aws.ecs.TaskDefinition(name, {
        family: name,
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "256",
        memory: "512",
        containerDefinitions: JSON.stringify([{ name: "app", image: "repo:1", essential: true, logConfiguration: { logDriver: "awslogs", options: {} }, ...container }]),
    });
}

/** A compliant CodeBuild project, changed by `overrides` (`privileged` sets environment.privilegedMode). */
export function codebuildProject(name: string, overrides: Partial<aws.codebuild.ProjectArgs> & { privileged?: boolean } = {}) {
    const { privileged, ...rest } = overrides;
    return new aws.codebuild.Project(name, {
        serviceRole: ROLE,
        source: { type: "NO_SOURCE", buildspec: "version: 0.2" },
        artifacts: { type: "NO_ARTIFACTS" },
        environment: { type: "LINUX_CONTAINER", computeType: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/standard:7.0", privilegedMode: privileged ?? false },
        encryptionKey: KEY,
        ...rest,
    });
}

/** A compliant Studio domain, changed by `overrides`. */
export function studioDomain(name: string, overrides: Partial<aws.sagemaker.DomainArgs> = {}, opts: { protect?: boolean; provider?: aws.Provider } = {}) {
    return new aws.sagemaker.Domain(
        name,
        {
            domainName: name,
            authMode: "IAM",
            vpcId: "vpc-1",
            subnetIds: ["subnet-1", "subnet-2"],
            appNetworkAccessType: "VpcOnly",
            kmsKeyId: KEY,
            defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-1"], jupyterServerAppSettings: { defaultResourceSpec: { instanceType: "system" } } },
            defaultSpaceSettings: { executionRole: ROLE },
            ...overrides,
        },
        opts,
    );
}

/** A KMS key whose ARN is unknown during preview, for preview cases. */
export function previewKey(): pulumi.Output<string> {
    return new aws.kms.Key("later", { enableKeyRotation: true }).arn;
}
