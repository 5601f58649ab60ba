import { Policy, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { whenKnown } from "./values";

/**
 * Exemptions with reasons. A resource is exempted from a named policy by a tag on the resource itself,
 * `mlplatform:exempt:<policy name>`, whose value is the written reason: the exemption lives next to what
 * it exempts and goes through the same review. A reason shorter than MIN_REASON characters is not
 * honoured. Every exemption in use is listed by the advisory `exemptions-in-use` policy, and a tag that
 * names no policy of the pack, or gives no real reason, is a violation of `exemptions-are-justified`.
 */

export const EXEMPTION_TAG_PREFIX = "mlplatform:exempt:";
export const MIN_REASON = 15;

/** Exemption tags of a resource's own tags: policy name -> reason. */
export function exemptionTags(props: Record<string, any>): Record<string, string> {
    const tags = whenKnown(() => props.tags) as Record<string, unknown> | undefined;
    if (!tags || typeof tags !== "object" || Array.isArray(tags)) return {};
    return Object.fromEntries(
        Object.entries(tags)
            .filter(([k]) => k.startsWith(EXEMPTION_TAG_PREFIX))
            .map(([k, v]) => [k.slice(EXEMPTION_TAG_PREFIX.length), String(v ?? "")]),
    );
}

function honoured(reason: string | undefined): boolean {
    return !!reason && reason.trim().length >= MIN_REASON;
}

/** The policy, honouring exemption tags with a reason on the resources it judges. */
export function exemptable(policy: Policy): Policy {
    if ("validateResource" in policy && policy.validateResource) {
        const rp = policy as ResourceValidationPolicy;
        const validations = Array.isArray(rp.validateResource) ? rp.validateResource : [rp.validateResource!];
        return {
            ...rp,
            validateResource: validations.map((validate) => (args: ResourceValidationArgs, report: any) => {
                if (honoured(exemptionTags(args.props)[rp.name])) return;
                return validate(args, report);
            }),
        } as ResourceValidationPolicy;
    }
    if (!("validateStack" in policy)) return policy; // remediation only: nothing to exempt from
    const sp = policy as StackValidationPolicy;
    return <StackValidationPolicy>{
        ...sp,
        validateStack: (args, report) => {
            const exempt = new Set(args.resources.filter((r) => honoured(exemptionTags(r.props)[sp.name])).map((r) => r.urn));
            return sp.validateStack(args, (message: string, urn?: string) => {
                if (urn && exempt.has(urn)) return;
                report(message, urn);
            });
        },
    };
}

function describeResource(r: PolicyResource): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}

/** Lists every exemption in use, so the report shows what is not enforced and why. */
export function exemptionPolicies(policyNames: string[]): StackValidationPolicy[] {
    const known = new Set(policyNames);
    return [
        {
            name: "exemptions-in-use",
            description: "Lists every resource exempted from a policy, with the written reason.",
            enforcementLevel: "advisory",
            severity: "low",
            validateStack: (args, report) => {
                for (const r of args.resources) {
                    for (const [policy, reason] of Object.entries(exemptionTags(r.props))) {
                        if (known.has(policy) && honoured(reason)) report(`${describeResource(r)} is exempt from ${policy}: ${reason}`, r.urn);
                    }
                }
            },
        },
        {
            name: "exemptions-are-justified",
            description: `Exemption tags name a policy of the pack and give a reason of at least ${MIN_REASON} characters.`,
            enforcementLevel: "mandatory",
            severity: "medium",
            validateStack: (args, report) => {
                for (const r of args.resources) {
                    for (const [policy, reason] of Object.entries(exemptionTags(r.props))) {
                        if (!known.has(policy)) {
                            report(`${describeResource(r)} has an exemption tag for "${policy}", which is no policy of this pack. Fix: name one of the pack's policies, or remove the tag.`, r.urn);
                        } else if (!honoured(reason)) {
                            report(
                                `${describeResource(r)} is exempted from ${policy} without a reason ("${reason}"), so the exemption is not honoured. Fix: set the tag ${EXEMPTION_TAG_PREFIX}${policy} to why this resource needs it (at least ${MIN_REASON} characters).`,
                                r.urn,
                            );
                        }
                    }
                }
            },
        },
    ];
}
