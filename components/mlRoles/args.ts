import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { input } from "../args";
import { AwsContext } from "../naming";

/** The arguments of MlRoles (the MLOps role of seed 001), as one zod schema. */

const CODECOMMIT_REPO = /^[\w.-]{1,100}$/;

/** seed 001's model build/deploy CodeCommit repositories and branch for the MLOps role. */
export const mlopsRepositoriesSchema = z.strictObject({
    buildRepositoryName: z.string().regex(CODECOMMIT_REPO),
    deployRepositoryName: z.string().regex(CODECOMMIT_REPO),
    branch: z.string(),
});

export const mlRolesArgsSchema = z.object({
    /** Name prefix of the platform (e.g. `sefaz-ml`); role names and statement scopes derive from it. */
    prefix: z.string({ error: "the platform's name prefix, e.g. sefaz-ml (required)" }),
    /** Environment name (`dev`, `prod`): the last part of every name. */
    environment: z.string({ error: "the environment name, e.g. dev (required)" }),
    /** ARN of the artifacts bucket (seed 001's artifacts bucket). */
    artifactsBucketArn: input<string>("the artifacts bucket's ARN"),
    /** ARN of the platform KMS key the roles encrypt and decrypt with. */
    kmsKeyArn: input<string>("the platform KMS key's ARN"),
    /** CodeCommit repositories the MLOps pipeline role may pull. */
    mlops: z.object(mlopsRepositoriesSchema.pick({ buildRepositoryName: true, deployRepositoryName: true }).shape),
    /**
     * The persona execution role the MLOps pipeline may pass to SageMaker (the ml-engineer persona's
     * PersonaRole `identity`), by name, so the policy names it before the role exists; none when omitted.
     */
    engineerRole: z.strictObject({ roleName: z.string(), path: z.string() }, { error: "a role's {roleName, path} (a PersonaRole's identity)" }).optional(),
    /** Partition, account and region; looked up through the component's provider when omitted. */
    context: z.custom<pulumi.Input<AwsContext>>().optional(),
});

/** What a caller passes to MlRoles. */
export type MlRolesArgs = z.input<typeof mlRolesArgsSchema>;
