import { PlanCost, costText } from "./cost";
import { LocalPolicyPack, Remediation, Violation } from "./policyPack";
import { CapturedResource, ProgramRun, displayValue } from "./runProgram";

/**
 * The offline plan's report. The JSON shape is an interface users script against: fields may be added,
 * never renamed or removed.
 */
export interface PlanJson {
    stack: string;
    project: string;
    mode: "update" | "preview";
    policyPack: { name: string; version: string };
    resources: Array<{
        urn: string;
        type: string;
        name: string;
        parent: string | null;
        protect: boolean;
        retainOnDelete: boolean;
        inputs: Record<string, unknown>;
    }>;
    violations: Array<{
        policy: string;
        level: string;
        severity: string;
        urn: string;
        message: string;
        /** Resource policies judge each resource before it is deployed; stack policies the whole stack after. */
        kind?: "resource" | "stack";
        /** Update mode, stack policy: `pulumi up` reports it only after creating the resources (it cannot stop them). */
        foundAfterDeployment?: boolean;
    }>;
    /** Remediations the engine would apply before analysis; the remediated inputs are what was analysed and shown. */
    remediations?: Remediation[];
    /** What the offline plan could not judge as a real run would (unknown invokes, remote components, secrets, ignored config). */
    notices?: string[];
    outputs: Record<string, unknown>;
    /** Notes the program left for the plan (stacks/planReport.ts), e.g. the Studio IP plan; not stack outputs. */
    planNotes?: string[];
    /** Non-fatal findings the program left for the plan (quota headroom); not stack outputs. */
    warnings?: string[];
    /** Structured details behind the notes (e.g. `studioCapacity`). */
    planDetails?: Record<string, unknown>;
    summary: { resources: number; byType: Record<string, number>; mandatory: number; advisory: number };
    /** The monthly cost estimate (tools/offline/cost.ts), added after the policy run. */
    cost?: PlanCost;
}

export function countByType(resources: CapturedResource[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export const AFTER_DEPLOYMENT_NOTE =
    "found after deployment: `pulumi up` would already have created the stack's resources when this stack policy runs: it cannot stop them. Run `pulumi preview --policy-pack` in CI first.";

export function planJson(run: ProgramRun, pack: LocalPolicyPack, violations: Violation[], extra: { remediations?: Remediation[]; notices?: string[] } = {}): PlanJson {
    const stackPolicies = new Set(pack.policies.filter((p) => p.kind === "stack").map((p) => p.name));
    return {
        stack: run.stack,
        project: run.project,
        mode: run.preview ? "preview" : "update",
        policyPack: { name: pack.name, version: pack.version },
        resources: run.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent ?? null,
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
            inputs: displayValue(r.rawInputs) as Record<string, unknown>,
        })),
        violations: violations.map((v) => {
            const kind = stackPolicies.has(v.policy) ? ("stack" as const) : ("resource" as const);
            return { policy: v.policy, level: v.level, severity: v.severity, urn: v.urn, message: v.message, kind, ...(kind === "stack" && !run.preview ? { foundAfterDeployment: true } : {}) };
        }),
        remediations: extra.remediations ?? [],
        notices: extra.notices ?? [],
        outputs: run.outputs,
        ...(run.planReport ? { planNotes: run.planReport.notes, warnings: run.planReport.warnings, ...(run.planReport.details ? { planDetails: run.planReport.details } : {}) } : {}),
        summary: {
            resources: run.resources.length,
            byType: countByType(run.resources),
            mandatory: violations.filter((v) => v.level === "mandatory").length,
            advisory: violations.filter((v) => v.level === "advisory").length,
        },
    };
}

/** The resource tree grouped by component, the count per type, and every violation. */
export function planText(plan: PlanJson): string {
    const lines: string[] = [];
    lines.push(`Offline plan of stack "${plan.stack}" (project ${plan.project}), ${plan.mode} mode, under Pulumi mocks`);
    lines.push("");
    const children = new Map<string | null, PlanJson["resources"]>();
    const urns = new Set(plan.resources.map((r) => r.urn));
    for (const r of plan.resources) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : null;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const walk = (parent: string | null, indent: string): void => {
        const list = children.get(parent) ?? [];
        list.forEach((r, i) => {
            const last = i === list.length - 1;
            const flags = [r.protect ? "protect" : "", r.retainOnDelete ? "retainOnDelete" : ""].filter(Boolean);
            const branch = parent === null ? "" : last ? "└─ " : "├─ ";
            lines.push(`${indent}${branch}${r.type}  ${r.name}${flags.length ? `  [${flags.join(", ")}]` : ""}`);
            walk(r.urn, parent === null ? indent : indent + (last ? "   " : "│  "));
        });
    };
    lines.push(`Resources (${plan.summary.resources}):`);
    walk(null, "  ");
    lines.push("");
    lines.push("Resources by type:");
    for (const [type, n] of Object.entries(plan.summary.byType)) lines.push(`  ${String(n).padStart(4)}  ${type}`);
    lines.push("");
    // A program leaves `planNotes` and `warnings` (lists of text) for the plan to show under PLAN_REPORT_KEY
    // (runProgram.ts); stack outputs of those names are still shown for programs that export them.
    for (const [key, title] of [["planNotes", "Notes"], ["warnings", "Warnings"]] as const) {
        const items = plan[key] ?? plan.outputs[key];
        if (Array.isArray(items) && items.length > 0) {
            lines.push(`${title}:`);
            for (const item of items) lines.push(`  - ${String(item)}`);
            lines.push("");
        }
    }
    if (plan.remediations?.length) {
        lines.push("Remediated before analysis (what `pulumi up` would deploy, and what the policies judged):");
        for (const r of plan.remediations) lines.push(`  - ${r.policy}: ${r.urn}`);
        lines.push("");
    }
    if (plan.notices?.length) {
        lines.push("Not judged offline as a real run would:");
        for (const n of plan.notices) lines.push(`  - ${n}`);
        lines.push("");
    }
    lines.push(`Policy violations (${plan.policyPack.name} v${plan.policyPack.version}):`);
    if (plan.violations.length === 0) lines.push("  none");
    for (const v of plan.violations) {
        lines.push(`  [${v.level}${v.severity ? `, ${v.severity}` : ""}] ${v.policy}`);
        lines.push(`      resource: ${v.urn || "(stack)"}`);
        lines.push(`      ${v.message.replace(/\n/g, "\n      ")}`);
        if (v.foundAfterDeployment) lines.push(`      ${AFTER_DEPLOYMENT_NOTE}`);
    }
    lines.push("");
    if (plan.cost) lines.push(...costText(plan.cost), "");
    lines.push(
        `Summary: ${plan.summary.resources} resources, ${plan.summary.mandatory} mandatory and ${plan.summary.advisory} advisory violation(s)` +
            (plan.summary.mandatory > 0 ? ": `pulumi up` with this policy pack would be blocked." : "."),
    );
    return lines.join("\n");
}
