import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { DEFAULT_REQUIRED_TAGS, TAGGABLE, effectiveTags } from "../../lib/tags";

const metadata: PolicyMetadata = {
    service: "account",
    severity: "low",
    remediationSteps: [
        "Enable it with {\"required-tags-remediation\": {\"enforcementLevel\": \"remediate\", \"defaultTagValues\": {...}}}.",
    ],
    url: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/core-concepts/#remediation",
    frameworks: {
        nist: ["CM-8"],
    },
    source: "issue: remediation where safe",
};

/**
 * Remediation, off unless enabled (`"enforcementLevel": "remediate"`): adds the required tags a taggable
 * resource lacks, with the values from `defaultTagValues`, before the engine creates it. Tags already set,
 * on the resource or by the provider, are left alone.
 */
export const requiredTagsRemediation = withMetadata<ResourceValidationPolicy>({
    name: "required-tags-remediation",
    description: "Adds missing required tags with the configured default values (enable with enforcementLevel remediate).",
    enforcementLevel: "disabled",
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
}, metadata);
