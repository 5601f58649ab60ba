import { ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { notApplicable } from "./notApplicable";

/**
 * @pulumi/policy's analyzer skips a resource policy for a resource of another type without deserialising the
 * resource's properties when the policy's validateResource is one function carrying `__pulumiType`
 * (pulumi-policy sdk/nodejs/policy/server.ts, "Fast check to see if the policy isn't applicable"). Arrays of
 * validations, or functions without the mark, deserialise every resource once per policy. These helpers keep
 * that fast path through the pack's own wrapping (exemptions, selection).
 *
 * A validation that judges several types cannot carry the SDK's mark; it carries the set of its types under
 * the pack's own mark instead, so the pack's wrappers answer "not applicable" for any other type before doing
 * their own work (reading the pack config's selection and the resource's exemptions) for nothing.
 */
const PULUMI_TYPE = "__pulumiType";
const JUDGED_TYPES = Symbol.for("mlplatform-guardrails.judgedTypes");

type Marked = Record<string | symbol, unknown>;

/** Marks a validation as applying to exactly `type`, so the SDK can skip other types cheaply. */
export function forType<V extends ResourceValidation>(validation: V, type: string): V {
    return forTypes(validation, [type]);
}

/**
 * Marks a validation with the types it judges: the SDK's mark when there is one type, the pack's own
 * otherwise. The validation must itself answer "not applicable" for any other type (the marks only let
 * the SDK and the pack's wrappers say so sooner).
 */
export function forTypes<V extends ResourceValidation>(validation: V, types: Iterable<string>): V {
    const marked = validation as unknown as Marked;
    const judged = new Set(types);
    if (judged.size === 1) marked[PULUMI_TYPE] = [...judged][0];
    if (judged.size > 0) marked[JUDGED_TYPES] = judged;
    return validation;
}

/** Wraps each validation of a policy, keeping a single function (and its type marks) single. */
export function wrapValidations(validateResource: NonNullable<ResourceValidationPolicy["validateResource"]>, wrap: (validation: ResourceValidation) => ResourceValidation): NonNullable<ResourceValidationPolicy["validateResource"]> {
    if (Array.isArray(validateResource)) return validateResource.map(wrap);
    const types = judgedTypes(validateResource as unknown as Marked);
    if (!types) return wrap(validateResource);
    const wrapped = wrap(validateResource);
    // Another type: not applicable straight away, as the validation itself would have answered.
    const judging = (args: ResourceValidationArgs, report: Parameters<ResourceValidation>[1]) => (types.has(args.type) ? wrapped(args, report) : notApplicable(args));
    return forTypes(judging, types);
}

/** The types a validation is marked with: the pack's mark, or the SDK's own (`validateResourceOfType` sets it). */
function judgedTypes(marked: Marked): Set<string> | undefined {
    const types = marked[JUDGED_TYPES];
    if (types instanceof Set) return types as Set<string>;
    const sdkType = marked[PULUMI_TYPE];
    return typeof sdkType === "string" && sdkType !== "" ? new Set([sdkType]) : undefined;
}
