import { EnforcementLevel, PolicyConfigSchema, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy, UnknownValueError } from "@pulumi/policy";
import { GuardrailPolicy, PolicyMetadata, withMetadata } from "./metadata";
import { notApplicable } from "./notApplicable";
import { forTypes } from "./typeFilter";
import { describe, skippedInPreview } from "./values";

export interface ResourceCheckSpec {
    name: string;
    /** One sentence: what a compliant resource looks like. */
    description: string;
    /** Normally left out: the metadata's severity is the policy's. */
    severity?: "low" | "medium" | "high" | "critical";
    /** The policy's metadata; with it, the result is a GuardrailPolicy (as withMetadata(resourceCheck(...), metadata)). */
    metadata?: PolicyMetadata;
    enforcementLevel?: EnforcementLevel;
    /** Resource types the policy judges; any other type is reported as not applicable. */
    types: string[];
    configSchema?: PolicyConfigSchema;
    /**
     * Judges one resource. `report(problem, fix)` records a violation worded as
     * `<Type> "<name>" <problem>. Fix: <fix>`. Reading a value that is unknown during preview ends the
     * check for this resource; the engine reports that as an advisory "can't run ... during preview",
     * and the check runs again when the value is known.
     */
    check: (props: Record<string, any>, report: (problem: string, fix: string) => void, args: ResourceValidationArgs) => void;
}

/** A resource policy in the pack's house style: typed applicability, remediation in every message, preview-safe. */
export function resourceCheck(spec: ResourceCheckSpec & { metadata: PolicyMetadata }): GuardrailPolicy<ResourceValidationPolicy>;
export function resourceCheck(spec: ResourceCheckSpec): ResourceValidationPolicy;
export function resourceCheck(spec: ResourceCheckSpec): ResourceValidationPolicy {
    const types = new Set(spec.types);
    // A policy of one type lets the analyzer skip every other type before deserialising it; with several,
    // the pack's wrappers skip the other types before their own work.
    const typed = (validation: ResourceValidation) => forTypes(validation, spec.types);
    const policy: ResourceValidationPolicy = {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel ?? "mandatory",
        severity: spec.severity,
        configSchema: spec.configSchema,
        validateResource: typed((args, reportViolation) => {
            // Sent in the Analyze answer for every other resource: the policy's name alone (see notApplicable).
            if (!types.has(args.type)) notApplicable(args);
            try {
                spec.check(args.props, (problem, fix) => reportViolation(`${describe(args)} ${problem}. Fix: ${fix}.`), args);
            } catch (err) {
                if (err instanceof UnknownValueError) throw skippedInPreview(`for ${describe(args)} (${(err as Error).message})`);
                throw err;
            }
        }),
    };
    return spec.metadata ? withMetadata(policy, spec.metadata) : policy;
}

/** A stack policy with its metadata (mandatory unless said otherwise): the stack-level counterpart of resourceCheck. */
export function stackCheck(spec: Omit<StackValidationPolicy, "severity" | "enforcementLevel"> & { enforcementLevel?: EnforcementLevel; metadata: PolicyMetadata }): GuardrailPolicy<StackValidationPolicy> {
    const { metadata, ...policy } = spec;
    return withMetadata<StackValidationPolicy>({ ...policy, enforcementLevel: spec.enforcementLevel ?? "mandatory" }, metadata);
}

/** Container definitions of an ECS task definition (JSON text in the resource's inputs). */
export function containerDefinitions(props: Record<string, any>): Array<Record<string, any>> {
    const raw = props.containerDefinitions;
    if (typeof raw !== "string") return Array.isArray(raw) ? raw : [];
    try {
        const parsed = JSON.parse(raw);
        return Array.isArray(parsed) ? parsed : [];
    } catch {
        return [];
    }
}
