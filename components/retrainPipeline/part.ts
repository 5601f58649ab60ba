import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { AwsContext } from "../naming";
import { retrainPipelineArgsSchema } from "./args";
import { PipelineRoleKey } from "./iam";
import { PipelineNames } from "./names";

/** RetrainPipeline's arguments after its schema checked them and filled in the defaults. */
export type ParsedRetrainPipelineArgs = z.output<typeof retrainPipelineArgsSchema>;

/**
 * What every part of a RetrainPipeline (image build, compute, orchestration, alerts) is built from: the
 * pipeline's checked arguments, its names and AWS context. Parts are internal: they take already-validated
 * arguments, so they have no schema of their own.
 */
export interface PipelinePartArgs {
    /** The pipeline's resource name, the prefix of every resource name (unchanged by the split into parts). */
    name: string;
    args: ParsedRetrainPipelineArgs;
    names: PipelineNames;
    ctx: pulumi.Output<AwsContext>;
    /**
     * The RetrainPipeline the part belongs to. Resources that moved from it into a part keep their state
     * through an alias naming it as their former parent (their name and type are unchanged).
     */
    pipeline: pulumi.Resource;
}

/** The pipeline's roles and their inline policies (users of a role wait for its policy, not just the role). */
export interface PipelineRoles {
    roles: Record<PipelineRoleKey, aws.iam.Role>;
    permissions: Record<PipelineRoleKey, aws.iam.RolePolicy>;
}

/**
 * Options of a resource that moved from the pipeline into `part`: parented to the part, aliased to its old URN.
 * The alias names the pipeline by its URN, the same alias the engine gets either way: given the resource
 * itself, the SDK lifts the alias into an Output and searches everything reachable from the pipeline for
 * unknown values (@pulumi/pulumi output.js containsUnknowns), once per moved resource: a tenth of a
 * program run's CPU for the prod stack.
 */
export function movedInto(part: pulumi.Resource, pipeline: pulumi.Resource): pulumi.CustomResourceOptions {
    return { parent: part, aliases: [{ parent: pipeline.urn }] };
}

/** An encrypted log group with the pipeline's retention, created before anything writes to it. */
export function pipelineLogGroup(resourceName: string, groupName: string, args: ParsedRetrainPipelineArgs, opts: pulumi.CustomResourceOptions): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(resourceName, { name: groupName, retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKeyArn }, opts);
}
