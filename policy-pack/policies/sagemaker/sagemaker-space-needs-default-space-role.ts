import { StackValidationPolicy } from "@pulumi/policy";
import { LinkIndex } from "../../lib/links";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { describe, isUnknown, maybeJson, whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "medium",
    remediationSteps: ["Set defaultSpaceSettings.executionRole on the space's domain."],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/domain-space.html",
    frameworks: {
        nist: ["AC-6"],
    },
    source: "whitepaper L233-237",
};

const DOMAIN = "aws:sagemaker/domain:Domain";

const SPACE = "aws:sagemaker/space:Space";

/**
 * Shared spaces run as the domain's default space execution role; a space in a domain without one fails
 * to start. A stack policy: each space is judged with the domain its `domainId` comes from.
 */
export const spaceNeedsDefaultSpaceRole = withMetadata<StackValidationPolicy>({
    name: "sagemaker-space-needs-default-space-role",
    description: "Studio spaces belong to domains that set a default space execution role.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const spaces = args.resources.filter((r) => r.type === SPACE);
        if (spaces.length === 0) return;
        const links = new LinkIndex(args.resources, [DOMAIN], [SPACE], "domainId", ["id", "domainId"]);
        for (const domain of args.resources.filter((r) => r.type === DOMAIN)) {
            const role = whenKnown(() => (maybeJson(domain.props.defaultSpaceSettings) as any)?.executionRole);
            if (role) continue;
            if (isUnknown(() => domain.props.defaultSpaceSettings)) continue;
            for (const space of links.linked(domain, SPACE)) {
                reportViolation(
                    `${describe(space)} is a space of ${describe(domain)}, which has no default space execution role. Fix: set defaultSpaceSettings.executionRole on the domain.`,
                    space.urn,
                );
            }
        }
    },
}, metadata);
