import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { describe, isUnknown, maybeJson, skippedInPreview } from "../lib/values";
import taggable from "../lib/taggableTypes.json";

const TAGGABLE = new Set<string>(taggable.types);

export const DEFAULT_REQUIRED_TAGS = ["project", "environment", "owner", "cost-center"];
export const DEFAULT_ENVIRONMENTS = ["dev", "test", "staging", "prod"];

/** Tags a resource ends up with: the provider's default tags, overridden by its own. */
function effectiveTags(args: ResourceValidationArgs): Record<string, unknown> | undefined {
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

/**
 * Every taggable AWS resource carries the organisation's required tags (cost allocation, ownership,
 * ABAC), either directly or through the provider's default tags.
 */
export const requiredTags: ResourceValidationPolicy = {
    name: "required-tags",
    description: "Taggable AWS resources carry the required tags (directly or via provider default tags).",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: {
        properties: {
            requiredTags: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_REQUIRED_TAGS,
                description: "Tag keys every taggable resource must have.",
            },
            allowedEnvironments: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_ENVIRONMENTS,
                description: "Values the environment tag may take.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!TAGGABLE.has(args.type)) {
            args.notApplicable("the resource type has no tags");
        }
        const required = (args.getConfig<{ requiredTags?: string[] }>().requiredTags ?? DEFAULT_REQUIRED_TAGS) as string[];
        const tags = effectiveTags(args);
        if (tags === undefined) throw skippedInPreview(`for ${describe(args)} (its tags)`);
        const missing = required.filter((k) => {
            const v = tags[k];
            return v === undefined || v === null || String(v).trim() === "";
        });
        if (missing.length > 0) {
            reportViolation(
                `${describe(args)} is missing required tag(s) ${missing.join(", ")}. Fix: add them to the resource's tags, or once for all resources to the provider's defaultTags.tags (aws:defaultTags in stack config).`,
            );
        }
        const allowed = args.getConfig<{ allowedEnvironments?: string[] }>().allowedEnvironments ?? DEFAULT_ENVIRONMENTS;
        const environment = tags.environment;
        if (environment !== undefined && environment !== null && String(environment).trim() !== "" && !allowed.includes(String(environment))) {
            reportViolation(`${describe(args)} has environment tag "${environment}". Fix: use one of ${allowed.join(", ")} (or add it to the pack's allowedEnvironments).`);
        }
    },
};

/**
 * Remediation, off unless enabled (`"enforcementLevel": "remediate"`): adds the required tags a taggable
 * resource lacks, with the values from `defaultTagValues`, before the engine creates it. Tags already set,
 * on the resource or by the provider, are left alone.
 */
export const requiredTagsRemediation: ResourceValidationPolicy = {
    name: "required-tags-remediation",
    description: "Adds missing required tags with the configured default values (enable with enforcementLevel remediate).",
    enforcementLevel: "disabled",
    severity: "low",
    configSchema: {
        properties: {
            requiredTags: { type: "array", items: { type: "string" }, default: DEFAULT_REQUIRED_TAGS, description: "Tag keys every taggable resource must have." },
            defaultTagValues: { type: "object", additionalProperties: { type: "string" }, default: {}, description: "Value to add for each missing required tag." },
        },
    },
    remediateResource: (args) => {
        if (!TAGGABLE.has(args.type)) return undefined;
        const config = args.getConfig<{ requiredTags?: string[]; defaultTagValues?: Record<string, string> }>();
        const tags = effectiveTags(args);
        if (tags === undefined || Array.isArray(args.props.tags)) return undefined;
        const added = Object.fromEntries(
            (config.requiredTags ?? DEFAULT_REQUIRED_TAGS)
                .filter((k) => (tags[k] === undefined || String(tags[k]).trim() === "") && config.defaultTagValues?.[k])
                .map((k) => [k, config.defaultTagValues![k]]),
        );
        if (Object.keys(added).length === 0) return undefined;
        return { ...args.props, tags: { ...((args.props.tags as Record<string, string>) ?? {}), ...added } };
    },
};

export const tagPolicies = [requiredTags, requiredTagsRemediation];
