import * as fs from "fs";
import { CostResource, PRICE_TABLE, Provenance, ResourceCost, StackCost, UNKNOWN_INPUT, UsageValues, estimateStack, provenanceCounts, roundUsd, stackRegion } from "../../policy-pack/lib/cost";
import { CapturedResource, ProgramRun } from "./runProgram";
import { RESOURCE_SIG, SECRET_SIG, SIG_KEY } from "./wire";

/**
 * The offline plan's cost report: the pack's estimator (policy-pack/lib/cost, the same code and price
 * table the `cost-budget` policy uses) over the resources a program registered, grouped per component
 * and for the stack, with usage-priced items turned into figures by an optional usage file.
 */

/** The `cost` field of the plan's JSON: the stack's estimate, per resource, plus the totals per component. */
export interface PlanCost extends StackCost {
    /** Regions the shipped price table has figures for. */
    priceTableRegions: string[];
    /** How many of the shipped table's figures have each provenance, in all and per region (`unverified`: not checked against a source). */
    priceTableProvenance: { all: Record<Provenance, number>; byRegion: Record<string, Record<Provenance, number>> };
    /** The usage file the usage figures come from, if any. */
    usageFile: string | null;
    /** Fixed monthly cost per top-level component (resources directly under the stack: "(stack)"). */
    byComponent: Array<{ component: string; type: string; monthlyFixedUsd: number; monthlyUsageUsd: number; lowerBound: boolean }>;
}

/** Inputs as the estimator reads them: secrets unwrapped (only counts and sizes are read), references by URN. */
function plainInputs(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(plainInputs);
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SIG_KEY] === SECRET_SIG) return plainInputs(obj.value);
        if (obj[SIG_KEY] === RESOURCE_SIG) return obj.urn;
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, plainInputs(v)]));
    }
    return value;
}

/** The estimator's view of a run: each resource with the region of its provider (or the stack's). */
export function costResourcesOfRun(run: ProgramRun): CostResource[] {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const regionOf = (r: CapturedResource): string | undefined => {
        const provider = r.provider ? byUrn.get(r.provider) : undefined;
        const region = provider ? provider.rawInputs.region : r.custom && r.type.startsWith("aws:") ? run.config["aws:region"] : undefined;
        return typeof region === "string" && region !== UNKNOWN_INPUT ? region : undefined;
    };
    const fallback = stackRegion(run.resources.map(regionOf)) ?? run.config["aws:region"];
    return run.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        region: regionOf(r) ?? fallback,
        inputs: plainInputs(r.rawInputs) as Record<string, unknown>,
        propertyDependencies: r.propertyDependencies,
    }));
}

/** The component a resource counts towards: its outermost ancestor below the stack. */
function topComponent(r: CapturedResource, byUrn: Map<string, CapturedResource>): CapturedResource | undefined {
    let top = r;
    for (let parent = top.parent && byUrn.get(top.parent); parent && parent.type !== "pulumi:pulumi:Stack"; parent = top.parent && byUrn.get(top.parent)) top = parent;
    return top.custom ? undefined : top;
}

export function planCost(run: ProgramRun, usage?: { values: UsageValues; file: string }): PlanCost {
    const estimate = estimateStack(costResourcesOfRun(run), { usage: usage?.values });
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const groups = new Map<string, PlanCost["byComponent"][number]>();
    for (const cost of estimate.resources) {
        const top = topComponent(byUrn.get(cost.urn)!, byUrn);
        const key = top ? top.urn : "(stack)";
        const group = groups.get(key) ?? { component: top ? top.name : "(stack)", type: top ? top.type : "", monthlyFixedUsd: 0, monthlyUsageUsd: 0, lowerBound: false };
        group.monthlyFixedUsd = roundUsd(group.monthlyFixedUsd + cost.monthlyFixedUsd);
        group.monthlyUsageUsd = roundUsd(group.monthlyUsageUsd + cost.monthlyUsageUsd);
        group.lowerBound ||= cost.lowerBound;
        groups.set(key, group);
    }
    const byComponent = [...groups.values()].sort((a, b) => b.monthlyFixedUsd - a.monthlyFixedUsd || a.component.localeCompare(b.component));
    const priceTableProvenance = { all: provenanceCounts(PRICE_TABLE), byRegion: Object.fromEntries(PRICE_TABLE.regions.map((r) => [r, provenanceCounts(PRICE_TABLE, r)])) };
    return { ...estimate, priceTableRegions: PRICE_TABLE.regions, priceTableProvenance, usageFile: usage?.file ?? null, byComponent };
}

/**
 * The usage file's schema. Built (and zod and yaml loaded) only when a plan is given a usage file: most
 * plans are not, and loading the two libraries costs 50-80 ms of CPU.
 */
function usageSchema() {
    const { z } = require("zod") as typeof import("zod");
    const usageNumbers = z.record(z.string(), z.record(z.string(), z.number().nonnegative({ error: "a number of units per month, 0 or more" })));
    return z.strictObject({ resourceTypeDefaults: usageNumbers.optional(), resources: usageNumbers.optional() });
}

/**
 * Reads a usage file (YAML or JSON): `resourceTypeDefaults` by resource type and `resources` by resource
 * name or URN, each a map of usage key to a number per month. Throws an error naming the key and the fix.
 */
export function readUsageFile(file: string): UsageValues {
    let parsed: unknown;
    try {
        parsed = (require("yaml") as typeof import("yaml")).parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new Error(`--usage: cannot read ${file}: ${(err as Error).message}`);
    }
    const result = usageSchema().safeParse(parsed ?? {});
    if (!result.success) {
        const problems = result.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
        throw new Error(
            `--usage: ${file} is not a usage file: ${problems.join("; ")}. Fix: give resourceTypeDefaults (by resource type) and resources (by resource name), each a map of usage key to a number, e.g. resources: {data: {storageGb: 500}}`,
        );
    }
    return result.data;
}

const money = (value: number) => value.toFixed(2).padStart(10);
const short = (r: { type: string; name: string }) => `${r.type.split(":").pop()} "${r.name}"`;

function usageLine(cost: ResourceCost): string {
    return cost.usage
        .map((u) => `${u.description}: USD ${u.unitUsd} per ${u.unit} [${u.usageKeys.join(" × ")}${u.perUsage !== 1 ? ` × ${+u.perUsage.toPrecision(6)}` : ""}]${u.monthlyUsd !== undefined ? ` = USD ${u.monthlyUsd.toFixed(2)}` : ""}`)
        .join("; ");
}

/** "113 figures: 80 unverified, 30 third-party-extract, ..." (provenances with no figure left out). */
function provenanceSummary(counts: Record<Provenance, number>): string {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const parts = (Object.entries(counts) as Array<[Provenance, number]>).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    return `${total} figures: ${parts.map(([p, n]) => `${n} ${p}`).join(", ")}`;
}

/** The cost section of the plan's text report. */
export function costText(cost: PlanCost): string[] {
    const bound = cost.lowerBound ? " (at least: some quantities are unknown in preview mode)" : "";
    const lines = [`Estimated monthly cost (USD, list prices from the pack's price table, ${cost.hoursPerMonth} hours a month):`, "  Fixed, billed whatever the use, per component:"];
    for (const group of cost.byComponent.filter((g) => g.monthlyFixedUsd > 0)) {
        lines.push(`  ${money(group.monthlyFixedUsd)}  ${group.type ? `${group.type.split(":").pop()} "${group.component}"` : group.component}${group.lowerBound ? " (at least)" : ""}`);
    }
    lines.push("  Fixed, per resource:");
    for (const r of cost.resources.filter((x) => x.monthlyFixedUsd > 0).sort((a, b) => b.monthlyFixedUsd - a.monthlyFixedUsd || a.urn.localeCompare(b.urn))) {
        const items = r.fixed.map((f) => `${f.description}: ${+f.quantity.toPrecision(6)} ${f.unit} × USD ${f.unitUsd}${f.assumption ? ` (${f.assumption})` : ""}`).join("; ");
        lines.push(`  ${money(r.monthlyFixedUsd)}  ${short(r)}  ${items}`);
    }
    const unpricedFixed = cost.resources.reduce((n, r) => n + r.noPrice.filter((p) => p.kind === "fixed").length, 0);
    const incomplete = unpricedFixed > 0 ? ` (incomplete: ${unpricedFixed} fixed item(s) have no price, listed below)` : "";
    lines.push(`  Stack fixed monthly cost: USD ${cost.monthlyFixedUsd.toFixed(2)}${bound}${incomplete}`);
    if (cost.monthlyFixedUnverifiedUsd > 0) {
        lines.push(`  Of which USD ${cost.monthlyFixedUnverifiedUsd.toFixed(2)} is priced with unverified figures (entered from knowledge, not checked against a source: README, Costs)`);
    }
    const usage = cost.resources.filter((r) => r.usage.length > 0);
    lines.push(`  Usage-priced (${cost.usageFile ? `usage from ${cost.usageFile}` : "unit prices; give --usage <file> for figures"}):`);
    // Resources of one type with the same items (e.g. ten endpoints' data processed) share a line.
    const shared = new Map<string, ResourceCost[]>();
    for (const r of usage) {
        const key = `${r.type}\n${usageLine(r)}`;
        shared.set(key, [...(shared.get(key) ?? []), r]);
    }
    for (const group of shared.values()) {
        const who = group.length === 1 ? short(group[0]) : `${group.length} × ${group[0].type.split(":").pop()} (${group.map((r) => r.name).join(", ")})`;
        lines.push(`    ${who}: ${usageLine(group[0])}`);
    }
    if (cost.usageFile) lines.push(`  Usage-priced monthly cost: USD ${cost.monthlyUsageUsd.toFixed(2)}`);
    const noPrice = cost.resources.filter((r) => r.noPrice.length > 0);
    if (noPrice.length > 0) {
        lines.push(`  No price (not counted above):`);
        for (const r of noPrice) lines.push(`    ${short(r)}: ${r.noPrice.map((n) => `${n.description}: ${n.reason}`).join("; ")}`);
    }
    lines.push(`  Price table: ${provenanceSummary(cost.priceTableProvenance.all)}`);
    return lines;
}
