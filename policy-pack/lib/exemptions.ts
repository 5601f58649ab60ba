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

/** Exemption tags of a resource's own tags: policy name -> reason (each read on its own, so one unknown tag hides no other). */
export function exemptionTags(props: Record<string, any>): Record<string, string> {
    const keys = whenKnown(() => (props.tags && typeof props.tags === "object" && !Array.isArray(props.tags) ? Object.keys(props.tags) : [])) ?? [];
    const found: Record<string, string> = {};
    for (const key of keys) {
        if (!key.startsWith(EXEMPTION_TAG_PREFIX)) continue;
        const value = whenKnown(() => props.tags[key]);
        if (value !== undefined) found[key.slice(EXEMPTION_TAG_PREFIX.length)] = String(value ?? "");
    }
    return found;
}

/** What AWS accepts as a tag value: letters, digits, spaces and _ . : / = + - @, up to 256 characters. */
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

function honoured(reason: string | undefined): boolean {
    return !!reason && reason.trim().length >= MIN_REASON && TAG_VALUE.test(reason);
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
    if ("remediateResource" in policy && policy.remediateResource) {
        // An exempted resource is not changed by the remediation it is exempted from either.
        const rp = policy as ResourceValidationPolicy;
        const remediate = rp.remediateResource!;
        return { ...rp, remediateResource: (args: ResourceValidationArgs) => (honoured(exemptionTags(args.props)[rp.name]) ? undefined : remediate(args)) } as ResourceValidationPolicy;
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
export function exemptionPolicies(guardrails: Policy[]): StackValidationPolicy[] {
    const known = new Set(guardrails.map((p) => p.name));
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
                        } else if (!TAG_VALUE.test(reason)) {
                            report(
                                `${describeResource(r)} gives a reason for its ${policy} exemption that AWS will not accept as a tag value. Fix: use only letters, digits, spaces and _ . : / = + - @ (no commas), at most 256 characters.`,
                                r.urn,
                            );
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
