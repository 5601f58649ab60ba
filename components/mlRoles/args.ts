import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { input } from "../args";
import { AwsContext } from "../naming";
import { GuardrailInput } from "../studioDomain/guardrails";

/** The arguments of MlRoles, as one zod schema; `personaAccessSchema` is also what `mlplatform:personaDefinitions` holds. */

/** Persona names: part of the role name `<prefix>-sm-<persona>-role-<env>`. */
export const PERSONA_NAME = /^[a-z][a-z0-9-]{1,30}$/;
const KEY_PATTERN = /^[A-Za-z0-9!_.*'()/-]+$/;

/** What a persona's role may do beyond reading: where it writes, and whether it registers models. */
export const personaAccessSchema = z.strictObject({
    /** Object key patterns in the data bucket, e.g. `processed/*`. */
    writeData: z.array(z.string().regex(KEY_PATTERN, { error: "an S3 key pattern such as processed/*" })).default([]),
    /** Object key patterns in the artifacts bucket, e.g. `experiments/*`. */
    writeArtifacts: z.array(z.string().regex(KEY_PATTERN, { error: "an S3 key pattern such as experiments/*" })).default([]),
    /** May create models and model packages of the platform. */
    modelRegistry: z.boolean({ error: "true or false" }).default(false),
});
export type PersonaAccess = z.infer<typeof personaAccessSchema>;

/** Personas defined by the organisation: name to access. */
export const personaDefinitionsSchema = z.record(z.string().regex(PERSONA_NAME, { error: "persona names: 2-31 lowercase letters, digits or hyphens" }), personaAccessSchema, {
    error: "a map of persona name to {writeData, writeArtifacts, modelRegistry}",
});

export const mlRolesArgsSchema = z.object({
    /** Name prefix of the platform (e.g. `sefaz-ml`); role names and statement scopes derive from it. */
    prefix: z.string({ error: "the platform's name prefix, e.g. sefaz-ml (required)" }),
    /** Environment name (`dev`, `prod`): the last part of every name. */
    environment: z.string({ error: "the environment name, e.g. dev (required)" }),
    /** Personas that get a SageMaker execution role, e.g. `["data-scientist", "ml-engineer"]`. */
    personas: z
        .array(z.string().regex(PERSONA_NAME, { error: "a persona name: 2-31 lowercase letters, digits or hyphens" }), { error: "a list of persona names" })
        .refine((a) => new Set(a).size === a.length, { error: "distinct persona names" }),
    /** Access of personas beyond the built-in data-scientist and ml-engineer. */
    personaAccess: personaDefinitionsSchema.optional(),
    /** ARN of the data bucket (seed 000's `sefaz-ml-data-prod`). */
    dataBucketArn: input<string>("the data bucket's ARN"),
    /** ARN of the artifacts bucket (seed 001's artifacts bucket). */
    artifactsBucketArn: input<string>("the artifacts bucket's ARN"),
    /** ARN of the platform KMS key the roles encrypt and decrypt with. */
    kmsKeyArn: input<string>("the platform KMS key's ARN"),
    /**
     * Studio guardrails for the persona execution roles (subnets, security groups, instance and image
     * allow-lists, required job tags), when a Studio domain uses them.
     */
    studioGuardrails: z.custom<pulumi.Input<Omit<GuardrailInput, "ctx">>>().optional(),
    /** Partition, account and region; looked up through the component's provider when omitted. */
    context: z.custom<pulumi.Input<AwsContext>>().optional(),
});

/** What a caller passes to MlRoles. */
export type MlRolesArgs = z.input<typeof mlRolesArgsSchema>;
