import { ResourceValidationArgs } from "@pulumi/policy";
import taggable from "./taggableTypes.json";
import { isUnknown, maybeJson } from "./values";

/** What the tag policies share: the taggable types, the default required tags and the tags a resource ends up with. */

export const TAGGABLE = new Set<string>(taggable.types);

export const DEFAULT_REQUIRED_TAGS = ["project", "environment", "owner", "cost-center"];

export const DEFAULT_ENVIRONMENTS = ["dev", "test", "staging", "prod"];

/** Tags a resource ends up with: the provider's default tags, overridden by its own. */
export function effectiveTags(args: ResourceValidationArgs): Record<string, unknown> | undefined {
    const a = args as any;
    if (isUnknown(() => a.props.tags)) return undefined;
    // A list of {key, value} (e.g. autoscaling groups): the provider's default tags do not apply to it.
    if (Array.isArray(a.props.tags)) {
        return Object.fromEntries((a.props.tags as any[]).map((t) => [t?.key ?? t?.Key, t?.value ?? t?.Value]));
    }
    let defaults: Record<string, unknown> = {};
    if (a.provider) {
        if (isUnknown(() => a.provider.props.defaultTags)) return undefined;
        const dt = maybeJson(a.provider.props.defaultTags) as any;
        defaults = (maybeJson(dt?.tags) as Record<string, unknown>) ?? {};
    }
    return { ...defaults, ...((a.props.tags as Record<string, unknown>) ?? {}) };
}
