import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { whenKnown } from "../../lib/values";
// An import, not a require: the build (build.js) copies only the JSON the pack imports into bin/.
import taggable from "../../lib/taggableTypes.json";

const metadata: PolicyMetadata = {
    service: "account",
    severity: "high",
    remediationSteps: [
        "Create the resource in an allowed region (set the provider's region).",
        "Or add the region to the pack's allowedRegions.",
    ],
    url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html#example-scp-deny-region",
    frameworks: {
    },
    source: "data residency (regulated organisations)",
};

/** Every @pulumi/aws resource type the pack knows (the taggable ones cover the regional services). */
function taggableAndRegional(): string[] {
    return taggable.types;
}

/**
 * Resources live only in approved regions (data residency). The region is the resource's own `region`
 * (@pulumi/aws v7 resources may set one) or its provider's. Empty `allowedRegions` (the default) allows any.
 */
export const allowedRegions = withMetadata(resourceCheck({
    name: "aws-allowed-regions",
    description: "AWS resources are created only in the regions the organisation allows (data residency).",
    types: taggableAndRegional(),
    configSchema: { properties: { allowedRegions: { type: "array", items: { type: "string" }, default: [], description: "Regions resources may be created in; empty allows any." } } },
    check: (props, report, args) => {
        const allowed = args.getConfig<{ allowedRegions?: string[] }>().allowedRegions ?? [];
        if (allowed.length === 0) return;
        const region = (whenKnown(() => props.region) as string | undefined) ?? (whenKnown(() => (args.provider?.props as any)?.region) as string | undefined);
        if (region && !allowed.includes(region)) report(`is in ${region}`, `create it in one of ${allowed.join(", ")} (set the provider's region), or add ${region} to the pack's allowedRegions`);
    },
}), metadata);
