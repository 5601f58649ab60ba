import { PolicyResource, UnknownValueError } from "@pulumi/policy";
import { whenKnown } from "../values";
import type { CostResource } from "./estimate";
import { UNKNOWN_INPUT } from "./inputs";

/**
 * The estimator's view of the resources a stack policy sees. Values unknown during preview become
 * UNKNOWN_INPUT (the engine's own sentinel), as in the offline plan's captured inputs.
 */
export function costResourcesOf(resources: PolicyResource[]): CostResource[] {
    const regionOf = (r: PolicyResource) => {
        const region = whenKnown(() => r.provider?.props?.region);
        return typeof region === "string" && region ? region : undefined;
    };
    const fallback = stackRegion(resources.map(regionOf));
    return resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent?.urn,
        region: regionOf(r) ?? fallback,
        inputs: plain(() => r.props) as Record<string, unknown>,
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)])),
    }));
}

/**
 * The region of resources that name none (components such as awsx's VPC have no provider): the one
 * region every resource with a provider uses, or undefined when they use several (no guess).
 */
export function stackRegion(regions: Array<string | undefined>): string | undefined {
    const distinct = new Set(regions.filter((r): r is string => typeof r === "string"));
    return distinct.size === 1 ? [...distinct][0] : undefined;
}

/** A deep plain copy of a policy value, with the values unknown during preview as UNKNOWN_INPUT. */
function plain(read: () => unknown): unknown {
    let value: unknown;
    try {
        value = read();
    } catch (err) {
        if (err instanceof UnknownValueError) return UNKNOWN_INPUT;
        throw err;
    }
    if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => plain(() => value[i]));
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        return Object.fromEntries(Object.keys(obj).map((k) => [k, plain(() => obj[k])]));
    }
    return value;
}
