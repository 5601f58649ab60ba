import { ResourceValidation, ResourceValidationPolicy } from "@pulumi/policy";

/**
 * @pulumi/policy's analyzer skips a resource policy for a resource of another type without deserialising the
 * resource's properties when the policy's validateResource is one function carrying `__pulumiType`
 * (pulumi-policy sdk/nodejs/policy/server.ts, "Fast check to see if the policy isn't applicable"). Arrays of
 * validations, or functions without the mark, deserialise every resource once per policy. These helpers keep
 * that fast path through the pack's own wrapping (exemptions, selection).
 */
const PULUMI_TYPE = "__pulumiType";

/** Marks a validation as applying to exactly `type`, so the SDK can skip other types cheaply. */
export function forType<V extends ResourceValidation>(validation: V, type: string): V {
    (validation as unknown as Record<string, unknown>)[PULUMI_TYPE] = type;
    return validation;
}

/** Wraps each validation of a policy, keeping a single function (and its type mark) single. */
export function wrapValidations(validateResource: NonNullable<ResourceValidationPolicy["validateResource"]>, wrap: (validation: ResourceValidation) => ResourceValidation): NonNullable<ResourceValidationPolicy["validateResource"]> {
    if (Array.isArray(validateResource)) return validateResource.map(wrap);
    const type = (validateResource as unknown as Record<string, unknown>)[PULUMI_TYPE];
    const wrapped = wrap(validateResource);
    return typeof type === "string" && type !== "" ? forType(wrapped, type) : wrapped;
}
