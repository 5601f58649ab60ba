import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { input } from "../args";
import { AwsContext } from "../naming";
import { GuardrailInput } from "../studioDomain/guardrails";

/**
 * The arguments of PersonaRole, as one zod schema, and what a persona is: its name and its access
 * (`personaAccessSchema` is also what each entry of `mlplatform:personaDefinitions` holds).
 */

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

export const personaRoleArgsSchema = z.object({
    /** Name prefix of the platform (e.g. `sefaz-ml`); the role name and statement scopes derive from it. */
    prefix: z.string({ error: "the platform's name prefix, e.g. sefaz-ml (required)" }),
    /** Environment name (`dev`, `prod`): the last part of every name. */
    environment: z.string({ error: "the environment name, e.g. dev (required)" }),
    /** The persona whose SageMaker execution role this is, e.g. `data-scientist`. */
    persona: z.string().regex(PERSONA_NAME, { error: "a persona name: 2-31 lowercase letters, digits or hyphens" }),
    /** What the persona may write and whether it registers models; the built-in access of the persona when omitted. */
    access: personaAccessSchema.optional(),
    /** ARN of the data bucket the persona reads (and writes its prefixes of). */
    dataBucketArn: input<string>("the data bucket's ARN"),
    /** ARN of the artifacts bucket the persona reads (and writes its prefixes of). */
    artifactsBucketArn: input<string>("the artifacts bucket's ARN"),
    /** ARN of the platform KMS key the role encrypts and decrypts with. */
    kmsKeyArn: input<string>("the platform KMS key's ARN"),
    /** Studio guardrails of the role (subnets, security groups, instance and image allow-lists, job tags), when a Studio domain uses it. */
    studioGuardrails: z.custom<pulumi.Input<Omit<GuardrailInput, "ctx">>>().optional(),
    /** Partition, account and region; looked up through the component's provider when omitted. */
    context: z.custom<pulumi.Input<AwsContext>>().optional(),
});

/** What a caller passes to PersonaRole. */
export type PersonaRoleArgs = z.input<typeof personaRoleArgsSchema>;
