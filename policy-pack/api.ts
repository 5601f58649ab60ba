/**
 * The pack as a library, for an organisation that composes its own pack from ours (as @pulumi/awsguard
 * allows): pick guardrails by service, severity or framework, set default levels, add policies of your own
 * with the same metadata, exemptions and selection. index.ts is the pack the CLI runs; this module has no
 * side effects.
 *
 *     import { PolicyPack } from "@pulumi/policy";
 *     import { guardrailPolicies } from "mlplatform-guardrails/api";
 *     new PolicyPack("acme-guardrails", { policies: guardrailPolicies({ select: { severities: ["critical", "high"] }, levels: { all: "mandatory" } }) });
 */
import { Policies } from "@pulumi/policy";
import { ComposeOptions, composePolicies } from "./lib/compose";
import { guardrails } from "./policies";

export { guardrails };
export type { ComposeOptions } from "./lib/compose";
export { composePolicies } from "./lib/compose";
export type { ConfigExemption } from "./lib/exemptions";
export { EXEMPTION_TAG_PREFIX, MIN_REASON } from "./lib/exemptions";
export type { GuardrailPolicy, PolicyMetadata } from "./lib/metadata";
export { withMetadata } from "./lib/metadata";
export type { ResourceCheckSpec } from "./lib/resourceCheck";
export { resourceCheck, stackCheck } from "./lib/resourceCheck";
export type { Selection } from "./lib/selection";
export { isSelected } from "./lib/selection";
export { describe, isSet, isUnknown, skippedInPreview, whenKnown } from "./lib/values";

/** The pack's guardrails composed with `options`, ready for `new PolicyPack(name, { policies })`. */
export function guardrailPolicies(options: ComposeOptions = {}): Policies {
    return composePolicies(guardrails, options);
}
