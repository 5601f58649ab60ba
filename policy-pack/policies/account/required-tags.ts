import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { notApplicable } from "../../lib/notApplicable";
import { DEFAULT_ENVIRONMENTS, DEFAULT_REQUIRED_TAGS, TAGGABLE, effectiveTags } from "../../lib/tags";
import { forTypes } from "../../lib/typeFilter";
import { describe, skippedInPreview } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "account",
    severity: "medium",
    remediationSteps: [
        "Add the required tags to the provider's defaultTags.tags (aws:defaultTags in stack config), once for all resources.",
        "Or add them to the resource's tags.",
        "Use an environment value from allowedEnvironments.",
    ],
    url: "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html",
    frameworks: {
        nist: ["CM-8"],
    },
    source: "whitepaper L1327-1336 (ABAC)",
};

/**
 * Every taggable AWS resource carries the organisation's required tags (cost allocation, ownership,
 * ABAC), either directly or through the provider's default tags.
 */
export const requiredTags = withMetadata<ResourceValidationPolicy>({
    name: "required-tags",
    description: "Taggable AWS resources carry the required tags (directly or via provider default tags).",
    enforcementLevel: "mandatory",
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
    // Marked with the types it judges, so the exemption and selection wrappers skip the others first.
    validateResource: forTypes((args, reportViolation) => {
        if (!TAGGABLE.has(args.type)) {
            notApplicable(args);
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
    }, TAGGABLE),
}, metadata);
