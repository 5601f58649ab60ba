import { PolicyConfigSchema, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy, UnknownValueError } from "@pulumi/policy";
import { GuardrailPolicy, PolicyMetadata, withMetadata } from "./metadata";
import { describe, whenKnown } from "./values";
import { wrapValidations } from "./typeFilter";

/**
 * Exemptions with reasons, governed by the pack config.
 *
 * A resource is exempted from a named policy in one of two ways:
 * - a tag on the resource itself, `mlplatform:exempt:<policy name>`, whose value is the written reason: the
 *   exemption lives next to what it exempts and goes through the same review;
 * - an entry in that policy's pack config, `exemptions: [{resource, type?, reason, expires}]`, by resource
 *   name (or URN) and optionally type: the way to exempt what has no tags (role policies, bucket policies,
 *   attachments), and the way a security team puts an expiry date on any exemption, tag or not.
 *
 * The security team decides which policies may be exempted at all: each policy's `exemptable` (pack
 * config) defaults to true, except for critical policies. A reason shorter than MIN_REASON characters is not
 * honoured. An exemption past its `expires` date is not honoured and is itself a violation of the policy.
 * Every tag exemption is listed by the advisory `exemptions-in-use`; a tag that names no policy of the
 * pack, or gives no real reason, is a violation of `exemptions-are-justified`.
 */

export const EXEMPTION_TAG_PREFIX = "mlplatform:exempt:";
export const MIN_REASON = 15;

/** An exemption granted in a policy's pack config. */
export interface ConfigExemption {
    /** The resource's name (as in its URN) or its whole URN. */
    resource: string;
    /** The resource's type token, e.g. aws:iam/rolePolicy:RolePolicy; any type when left out. */
    type?: string;
    reason: string;
    /** Last day the exemption holds, YYYY-MM-DD (UTC). */
    expires: string;
}

interface ExemptionConfig {
    exemptable?: boolean;
    exemptions?: ConfigExemption[];
}

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

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today as YYYY-MM-DD in UTC: an exemption holds through its `expires` day. */
function today(): string {
    return new Date().toISOString().slice(0, 10);
}

/** The configuration properties every exemptable policy gains, with the default `exemptable` for its severity. */
function exemptionSchema(critical: boolean): PolicyConfigSchema["properties"] {
    return {
        exemptable: {
            type: "boolean",
            default: !critical,
            description: "Whether resources may be exempted from this policy at all (by tag or by the exemptions list). Critical policies default to false.",
        },
        exemptions: {
            type: "array",
            default: [],
            description: "Exemptions granted by the pack config: {resource (name or URN), type (optional), reason, expires (YYYY-MM-DD)}.",
            items: {
                type: "object",
                properties: {
                    resource: { type: "string" },
                    type: { type: "string" },
                    reason: { type: "string", minLength: MIN_REASON },
                    expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
                },
                required: ["resource", "reason", "expires"],
            },
        },
    };
}

/** How the exemptions of one policy apply to one resource. */
type Decision =
    | { kind: "none" }
    | { kind: "honoured" }
    /** An exemption exists but does not count: `why` says why, and is reported when `always` or when the resource violates. */
    | { kind: "refused"; why: string; always: boolean };

/** Decides whether `resource` is exempt from `policyName`, from its tags and the policy's config. */
function decide(policyName: string, config: ExemptionConfig, resource: { name: string; type: string; urn: string; props: Record<string, any> }, critical: boolean): Decision {
    const tagReason = exemptionTags(resource.props)[policyName];
    const entry = (config.exemptions ?? []).find((e) => (e?.resource === resource.name || e?.resource === resource.urn) && (!e.type || e.type === resource.type));
    if (tagReason === undefined && !entry) return { kind: "none" };
    const label = describe(resource);
    if (!(config.exemptable ?? !critical)) {
        return {
            kind: "refused",
            always: false,
            why: `${label} is exempted from ${policyName}, which the pack config does not allow to be exempted${critical ? " (a critical policy)" : ""}. Fix: bring the resource into line; only the pack config's ${policyName}.exemptable can allow exemptions`,
        };
    }
    if (entry) {
        const expires = String(entry.expires ?? "");
        if (!DATE.test(expires) || Number.isNaN(Date.parse(expires))) {
            return { kind: "refused", always: true, why: `${label} has a pack-config exemption from ${policyName} whose expires "${expires}" is not a date. Fix: write it as YYYY-MM-DD` };
        }
        if (expires < today()) {
            return {
                kind: "refused",
                always: true,
                why: `${label} has an exemption from ${policyName} that expired on ${expires} ("${entry.reason ?? tagReason}"). Fix: bring the resource into line and remove the exemption, or have it renewed with a new expires date in the pack config`,
            };
        }
        const reason = entry.reason ?? tagReason;
        if (!reason || reason.trim().length < MIN_REASON) {
            return { kind: "refused", always: true, why: `${label} has a pack-config exemption from ${policyName} without a reason. Fix: give its reason (at least ${MIN_REASON} characters)` };
        }
        return { kind: "honoured" };
    }
    return honoured(tagReason) ? { kind: "honoured" } : { kind: "none" };
}

/**
 * Runs one resource validation with the exemption decision applied. The validation always runs (so a policy
 * that does not apply to the resource still says so, and no exemption entry is judged against resources the
 * policy does not judge); its findings are dropped when the exemption is honoured. A refused exemption is
 * explained: always when it is expired or malformed, otherwise only next to a finding.
 */
function withDecision(decision: Decision, report: (message: string) => void, run: (report: (message: string) => void) => void | Promise<void>): void | Promise<void> {
    if (decision.kind === "none") return run(report);
    const found: string[] = [];
    const finish = () => {
        if (decision.kind === "honoured") return;
        if (decision.always || found.length > 0) report(`${decision.why}.`);
        found.forEach(report);
    };
    // An exempt resource is not judged, so a value unknown in preview is no reason to announce a skip either.
    const unlessExempt = (err: unknown) => {
        if (decision.kind === "honoured" && err instanceof UnknownValueError) return;
        throw err;
    };
    let result: void | Promise<void>;
    try {
        result = run((message) => found.push(message));
    } catch (err) {
        return unlessExempt(err);
    }
    if (result) return result.then(finish, unlessExempt);
    finish();
}

/** The policy, honouring exemptions (tags and pack config) as the pack config allows. */
export function exemptable(policy: GuardrailPolicy): GuardrailPolicy {
    const critical = policy.metadata.severity === "critical";
    const configSchema: PolicyConfigSchema = { ...(policy.configSchema ?? {}), properties: { ...(policy.configSchema?.properties ?? {}), ...exemptionSchema(critical) } };
    const name = policy.name;
    if ("validateResource" in policy && policy.validateResource) {
        const rp = policy as GuardrailPolicy<ResourceValidationPolicy>;
        return {
            ...rp,
            configSchema,
            validateResource: wrapValidations(rp.validateResource!, (validate) => (args: ResourceValidationArgs, report: ReportViolation) => {
                const decision = decide(name, args.getConfig<ExemptionConfig>(), args, critical);
                return withDecision(decision, (m) => report(m), (r) => validate(args, (m) => r(m)));
            }),
        };
    }
    if ("remediateResource" in policy && policy.remediateResource) {
        // An exempted resource is not changed by the remediation it is exempted from either.
        const rp = policy as GuardrailPolicy<ResourceValidationPolicy>;
        const remediate = rp.remediateResource!;
        return {
            ...rp,
            configSchema,
            remediateResource: (args: ResourceValidationArgs) => (decide(name, args.getConfig<ExemptionConfig>(), args, critical).kind === "honoured" ? undefined : remediate(args)),
        };
    }
    if (!("validateStack" in policy)) return policy; // nothing to exempt from
    const sp = policy as GuardrailPolicy<StackValidationPolicy>;
    return {
        ...sp,
        configSchema,
        validateStack: (args, report) => {
            const config = args.getConfig<ExemptionConfig>();
            // Decided only for the resources a finding names, when it is reported: most stacks have few findings.
            let byUrn: Map<string, PolicyResource> | undefined;
            const decisions = new Map<string, Decision | undefined>();
            const decision = (urn: string): Decision | undefined => {
                if (!decisions.has(urn)) {
                    byUrn ??= new Map(args.resources.map((r) => [r.urn, r]));
                    const resource = byUrn.get(urn);
                    decisions.set(urn, resource && decide(name, config, resource, critical));
                }
                return decisions.get(urn);
            };
            const explained = new Set<string>();
            // A stack policy does not say which resources it judges: a refused exemption is explained next to a finding.
            return sp.validateStack(args, (message: string, urn?: string) => {
                const d = urn ? decision(urn) : undefined;
                if (d?.kind === "honoured") return;
                report(message, urn);
                if (urn && d?.kind === "refused" && !explained.has(urn)) {
                    explained.add(urn);
                    report(`${d.why}.`, urn);
                }
            });
        },
    };
}

function describeResource(r: PolicyResource): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}

const IN_USE: PolicyMetadata = {
    service: "account",
    severity: "low",
    remediationSteps: ["Review each listed exemption and its reason; remove those no longer needed."],
    url: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/",
    frameworks: { nist: ["CA-7"] },
    source: "issue: exemptions with reasons",
};

const JUSTIFIED: PolicyMetadata = {
    service: "account",
    severity: "medium",
    remediationSteps: [`Name one of the pack's policies in the tag key ${EXEMPTION_TAG_PREFIX}<policy>.`, `Give the reason as the tag value: at least ${MIN_REASON} characters AWS accepts in tag values (no commas).`],
    url: "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html",
    frameworks: { nist: ["CA-7", "CM-3"] },
    source: "issue: exemptions with reasons",
};

/** Lists every tag exemption in use, and checks that each names a policy and gives a reason. */
export function exemptionPolicies(guardrails: GuardrailPolicy[]): GuardrailPolicy<StackValidationPolicy>[] {
    const known = new Set(guardrails.map((p) => p.name));
    const critical = new Set(guardrails.filter((p) => p.metadata.severity === "critical").map((p) => p.name));
    return [
        withMetadata<StackValidationPolicy>(
            {
                name: "exemptions-in-use",
                description: "Lists every resource exempted from a policy, with the written reason.",
                enforcementLevel: "advisory",
                validateStack: (args, report) => {
                    for (const r of args.resources) {
                        for (const [policy, reason] of Object.entries(exemptionTags(r.props))) {
                            if (!known.has(policy) || !honoured(reason)) continue;
                            const unlessConfigured = critical.has(policy) ? ` (only if the pack config sets ${policy}.exemptable: it is critical)` : "";
                            report(`${describeResource(r)} is exempt from ${policy}${unlessConfigured}: ${reason}`, r.urn);
                        }
                    }
                },
            },
            IN_USE,
        ),
        withMetadata<StackValidationPolicy>(
            {
                name: "exemptions-are-justified",
                description: `Exemption tags name a policy of the pack and give a reason of at least ${MIN_REASON} characters.`,
                enforcementLevel: "mandatory",
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
            JUSTIFIED,
        ),
    ];
}
