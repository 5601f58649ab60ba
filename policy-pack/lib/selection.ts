import { ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { GuardrailPolicy, PolicyMetadata, withMetadata } from "./metadata";
import { notApplicable } from "./notApplicable";
import { wrapValidations } from "./typeFilter";

/**
 * Selecting the guardrails that run by service, severity or framework, from the pack config:
 *
 *     {"guardrails-selection": {"severities": ["critical", "high"], "frameworks": ["fsbp"]}}
 *
 * The Pulumi engine gives each policy only its own config, so the selection is read by one policy,
 * `guardrails-selection`, that the pack serves first: it runs before every other policy in each analysis
 * call (resource and stack), keeps its config for the guardrails to consult, and reports nothing. A guardrail
 * outside the selection tells the engine it does not apply. Remediation policies are not selected this way
 * (they are off unless enabled one by one).
 */

export interface Selection {
    /** Services to run (metadata.service, e.g. "s3", "iam"); empty or absent: all. */
    services?: string[];
    /** Severities to run; empty or absent: all. */
    severities?: string[];
    /** Frameworks a policy must map to, by name ("cis", "fsbp", "nist") or control ("fsbp:S3.8", "cis:2.1.1"); empty or absent: all. */
    frameworks?: string[];
    /** Policies to run whatever the other filters say. */
    includePolicies?: string[];
    /** Policies not to run whatever the other filters say. */
    excludePolicies?: string[];
}

const SELECTION_NAME = "guardrails-selection";
let active: Selection = {};

/** Whether a policy with this metadata is in the selection. */
export function isSelected(name: string, metadata: PolicyMetadata, selection: Selection): boolean {
    if (selection.excludePolicies?.includes(name)) return false;
    if (selection.includePolicies?.includes(name)) return true;
    const some = (list?: string[]) => list !== undefined && list.length > 0;
    if (some(selection.services) && !selection.services!.includes(metadata.service)) return false;
    if (some(selection.severities) && !selection.severities!.includes(metadata.severity)) return false;
    if (some(selection.frameworks)) {
        const fw = metadata.frameworks as Record<string, string[] | undefined>;
        const matches = selection.frameworks!.some((wanted) => {
            const [framework, control] = wanted.toLowerCase().split(":");
            const ids = fw[framework] ?? [];
            return control === undefined ? ids.length > 0 : ids.some((id) => id.toLowerCase() === control);
        });
        if (!matches) return false;
    }
    return true;
}

const metadata: PolicyMetadata = {
    service: "account",
    severity: "low",
    remediationSteps: ['Set {"guardrails-selection": {"services": [...], "severities": [...], "frameworks": [...]}} in the pack config.'],
    url: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/",
    frameworks: {},
    source: "issue 9: pack config selects policies",
};

/** Keeps the selection for the guardrails that run next (no notApplicable: an error per resource costs throughput). */
const keep = (args: ResourceValidationArgs | StackValidationArgs): void => {
    active = args.getConfig<Selection>();
};

/** The policy that reads the selection. Served first; it is both a resource and a stack validation so it runs first in every analysis. */
export const selectionPolicy = withMetadata(
    {
        name: SELECTION_NAME,
        description: "Selects the guardrails that run by service, severity or framework (pack config); reports nothing itself.",
        enforcementLevel: "advisory",
        configSchema: {
            properties: {
                services: { type: "array", items: { type: "string" }, default: [], description: "Services to run (e.g. s3, iam, sagemaker); empty: all." },
                severities: { type: "array", items: { type: "string", enum: ["low", "medium", "high", "critical"] }, default: [], description: "Severities to run; empty: all." },
                frameworks: { type: "array", items: { type: "string" }, default: [], description: 'Frameworks ("cis", "fsbp", "nist") or controls ("fsbp:S3.8") a policy must map to; empty: all.' },
                includePolicies: { type: "array", items: { type: "string" }, default: [], description: "Policies to run whatever the filters say." },
                excludePolicies: { type: "array", items: { type: "string" }, default: [], description: "Policies not to run whatever the filters say." },
            },
        },
        validateResource: keep,
        validateStack: keep,
    } as ResourceValidationPolicy & Pick<StackValidationPolicy, "validateStack">,
    metadata,
);

/** The guardrail, running only when the pack config's selection includes it. */
export function selectable(policy: GuardrailPolicy): GuardrailPolicy {
    const skip = (args: ResourceValidationArgs | StackValidationArgs): boolean => {
        if (isSelected(policy.name, policy.metadata, active)) return false;
        notApplicable(args);
        return true;
    };
    if ("validateResource" in policy && policy.validateResource) {
        const rp = policy as GuardrailPolicy<ResourceValidationPolicy>;
        return { ...rp, validateResource: wrapValidations(rp.validateResource!, (validate) => (args: ResourceValidationArgs, report) => (skip(args) ? undefined : validate(args, report))) };
    }
    if ("validateStack" in policy) {
        const sp = policy as GuardrailPolicy<StackValidationPolicy>;
        return { ...sp, validateStack: (args, report) => (skip(args) ? undefined : sp.validateStack(args, report)) };
    }
    return policy;
}
