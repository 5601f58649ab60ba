import { PRICE_TABLE, PriceTable, Provenance, lookupPrice } from "./priceTable";
import { FREE_TYPES, Line, PRICED_TYPES, StackIndex } from "./pricedTypes";

/**
 * The monthly cost estimator the offline plan and the `cost-budget` policy share. Pure: a resource's
 * type, inputs and region go in; fixed monthly items (billed by the hour or month whatever the use),
 * usage-priced items (with their unit prices, turned into figures when usage values are given) and
 * "no price" items come out. It never guesses: a type, region or instance size the price table does not
 * hold is reported as having no price.
 */

import { UNKNOWN_INPUT } from "./inputs";
export { UNKNOWN_INPUT };

export interface CostResource {
    urn: string;
    type: string;
    name: string;
    /** URN of the parent resource, if any (a component priced from its inputs only when it has no children). */
    parent?: string;
    /** AWS region of the resource's provider; undefined when unknown. */
    region?: string;
    /** Plain inputs; values unknown during preview are UNKNOWN_INPUT. */
    inputs: Record<string, unknown>;
    /** For each input, the URNs of the resources it came from (links an endpoint to its configuration). */
    propertyDependencies?: Record<string, string[]>;
}

export interface FixedItem {
    description: string;
    priceKey: string;
    /** Units per month, e.g. 1460 endpoint-AZ-hours. */
    quantity: number;
    unit: string;
    unitUsd: number;
    monthlyUsd: number;
    /** Set when a quantity had to be assumed (e.g. one AZ while the subnets are unknown in preview). */
    assumption?: string;
    priceDate: string;
    priceSource: string;
    /** Where the unit price was read (`unverified`: not checked against a source). */
    priceProvenance: Provenance;
}

export interface UsageItem {
    description: string;
    priceKey: string;
    unit: string;
    unitUsd: number;
    /** Usage values multiplied together, then by `perUsage`, give the quantity in `unit`. */
    usageKeys: string[];
    perUsage: number;
    /** Present when usage values for every key were given. */
    quantity?: number;
    monthlyUsd?: number;
    priceDate: string;
    priceSource: string;
    priceProvenance: Provenance;
}

export interface NoPriceItem {
    description: string;
    reason: string;
    /** Set when the table lacks the price of an item the estimator knows: "fixed" ones leave the stack's fixed figure incomplete. */
    kind?: "fixed" | "usage";
}

export interface ResourceCost {
    urn: string;
    type: string;
    name: string;
    region?: string;
    fixed: FixedItem[];
    usage: UsageItem[];
    noPrice: NoPriceItem[];
    monthlyFixedUsd: number;
    /** The usage items that have usage values, summed. */
    monthlyUsageUsd: number;
    /** True when an assumed quantity makes the fixed figure a lower bound. */
    lowerBound: boolean;
}

/** Usage values, as Infracost's usage file: defaults per resource type, overridden per resource name or URN. */
export interface UsageValues {
    resourceTypeDefaults?: Record<string, Record<string, number>>;
    resources?: Record<string, Record<string, number>>;
}

export interface StackCost {
    currency: "USD";
    hoursPerMonth: number;
    /** Every resource with something to price, or something that has no price. Free resources are left out. */
    resources: ResourceCost[];
    monthlyFixedUsd: number;
    /** The part of monthlyFixedUsd priced with `unverified` figures (entered from knowledge, not checked against a source). */
    monthlyFixedUnverifiedUsd: number;
    monthlyUsageUsd: number;
    lowerBound: boolean;
    /** Resources priced at nothing because AWS bills nothing for them (IAM, security groups, ...). */
    freeResources: number;
}

export interface EstimateOptions {
    table?: PriceTable;
    usage?: UsageValues;
}

/** Cents are the precision of a bill; rounding each figure keeps sums and tests exact. */
export function roundUsd(value: number): number {
    return Math.round(value * 100) / 100;
}

function usageFor(r: CostResource, usage: UsageValues | undefined): Record<string, number> {
    return { ...(usage?.resourceTypeDefaults?.[r.type] ?? {}), ...(usage?.resources?.[r.name] ?? {}), ...(usage?.resources?.[r.urn] ?? {}) };
}

/** Prices one resource's lines against the table; undefined when AWS bills nothing for the resource. */
export function priceResource(r: CostResource, lines: Line[] | "free", options: EstimateOptions = {}): ResourceCost | undefined {
    if (lines === "free" || lines.length === 0) return undefined;
    const table = options.table ?? PRICE_TABLE;
    const values = usageFor(r, options.usage);
    // @pulumi/aws v7 resources may name their own region, overriding the provider's.
    const ownRegion = r.inputs.region;
    const region = typeof ownRegion === "string" && ownRegion !== UNKNOWN_INPUT && ownRegion !== "" ? ownRegion : r.region;
    const cost: ResourceCost = { urn: r.urn, type: r.type, name: r.name, region, fixed: [], usage: [], noPrice: [], monthlyFixedUsd: 0, monthlyUsageUsd: 0, lowerBound: false };
    for (const line of lines) {
        if (line.kind === "noPrice") {
            cost.noPrice.push({ description: line.description, reason: line.reason });
            continue;
        }
        const price = lookupPrice(table, line.priceKey, region);
        if (!price.ok) {
            cost.noPrice.push({ description: line.description, reason: price.reason, kind: line.kind });
            continue;
        }
        const common = { description: line.description, priceKey: line.priceKey, unit: price.unit, unitUsd: price.figure.usd, priceDate: price.figure.date, priceSource: price.figure.source, priceProvenance: price.figure.provenance };
        if (line.kind === "fixed") {
            const monthlyUsd = roundUsd(line.quantity * price.figure.usd);
            cost.fixed.push({ ...common, quantity: line.quantity, monthlyUsd, ...(line.assumption ? { assumption: line.assumption } : {}) });
            cost.monthlyFixedUsd = roundUsd(cost.monthlyFixedUsd + monthlyUsd);
            if (line.assumption) cost.lowerBound = true;
        } else {
            const item: UsageItem = { ...common, usageKeys: line.usageKeys, perUsage: line.perUsage };
            if (line.usageKeys.every((k) => typeof values[k] === "number")) {
                item.quantity = line.usageKeys.reduce((q, k) => q * values[k], line.perUsage);
                item.monthlyUsd = roundUsd(item.quantity * price.figure.usd);
                cost.monthlyUsageUsd = roundUsd(cost.monthlyUsageUsd + item.monthlyUsd);
            }
            cost.usage.push(item);
        }
    }
    return cost;
}

/**
 * The lines of one resource: fixed, usage-priced or no price. Only AWS types (`aws:`, and awsx's VPC
 * when its children are not in the stack) are judged; other packages' resources and components are
 * not billed by AWS themselves (a component's children are).
 */
export function linesOf(r: CostResource, index: StackIndex, hoursPerMonth = PRICE_TABLE.hoursPerMonth): Line[] | "free" {
    const priced = PRICED_TYPES[r.type];
    if (priced) return priced(r, index, hoursPerMonth);
    if (!r.type.startsWith("aws:") || FREE_TYPES.has(r.type)) return "free";
    return [{ kind: "noPrice", description: r.type, reason: `no price for resource type ${r.type} in the estimator` }];
}

/** The monthly cost of a whole stack, resource by resource. */
export function estimateStack(resources: CostResource[], options: EstimateOptions = {}): StackCost {
    const table = options.table ?? PRICE_TABLE;
    const index = new StackIndex(resources);
    const result: StackCost = { currency: "USD", hoursPerMonth: table.hoursPerMonth, resources: [], monthlyFixedUsd: 0, monthlyFixedUnverifiedUsd: 0, monthlyUsageUsd: 0, lowerBound: false, freeResources: 0 };
    for (const r of resources) {
        const cost = priceResource(r, linesOf(r, index, table.hoursPerMonth), { ...options, table });
        if (!cost) {
            if (r.type.startsWith("aws:")) result.freeResources++;
            continue;
        }
        result.resources.push(cost);
        result.monthlyFixedUsd = roundUsd(result.monthlyFixedUsd + cost.monthlyFixedUsd);
        for (const item of cost.fixed) if (item.priceProvenance === "unverified") result.monthlyFixedUnverifiedUsd = roundUsd(result.monthlyFixedUnverifiedUsd + item.monthlyUsd);
        result.monthlyUsageUsd = roundUsd(result.monthlyUsageUsd + cost.monthlyUsageUsd);
        result.lowerBound ||= cost.lowerBound;
    }
    return result;
}

/** The n resources with the highest fixed monthly cost, most expensive first. */
export function mostExpensive(cost: StackCost, n = 5): ResourceCost[] {
    return [...cost.resources].filter((r) => r.monthlyFixedUsd > 0).sort((a, b) => b.monthlyFixedUsd - a.monthlyFixedUsd || a.urn.localeCompare(b.urn)).slice(0, n);
}
