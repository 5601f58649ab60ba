import { EnforcementLevel, Policies } from "@pulumi/policy";
import { exemptable, exemptionPolicies } from "./exemptions";
import { GuardrailPolicy } from "./metadata";
import { Selection, isSelected, selectable, selectionPolicy } from "./selection";

export interface ComposeOptions {
    /** Guardrails to keep, chosen in code the way the pack config's guardrails-selection chooses at run time. */
    select?: Selection;
    /** Policies of your own (give each metadata with withMetadata); they get exemptions and selection too. */
    extraPolicies?: GuardrailPolicy[];
    /** Default enforcement levels: by policy name, or "all" for every guardrail (as @pulumi/awsguard's `all`). */
    levels?: Record<string, EnforcementLevel>;
}

/**
 * The policies a pack serves, built from guardrails: first the selection (it must run before the guardrails
 * it selects), then each guardrail honouring exemptions and the pack config's selection, then the policies
 * that list and check exemptions.
 */
export function composePolicies(guardrails: GuardrailPolicy[], options: ComposeOptions = {}): Policies {
    const chosen = [...guardrails.filter((p) => isSelected(p.name, p.metadata, options.select ?? {})), ...(options.extraPolicies ?? [])];
    const names = new Set<string>();
    for (const p of chosen) {
        if (names.has(p.name)) throw new Error(`Two policies are named ${p.name}: rename your own (policy names are unique in a pack)`);
        names.add(p.name);
    }
    const levels = options.levels ?? {};
    const unknown = Object.keys(levels).filter((k) => k !== "all" && !names.has(k));
    if (unknown.length > 0) throw new Error(`levels names policies that are not in the pack: ${unknown.join(", ")}`);
    const leveled = chosen.map((p) => {
        const level = levels[p.name] ?? levels.all;
        return level ? { ...p, enforcementLevel: level } : p;
    });
    return [selectionPolicy, ...leveled.map((p) => selectable(exemptable(p))), ...exemptionPolicies(chosen)];
}
