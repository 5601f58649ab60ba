import shippedTable from "./prices.json";

/** One figure of the price table: what it costs, where the figure came from and when. */
export interface PriceFigure {
    usd: number;
    /** The day the figure was read (transcribed) or the offer file's publication date (price list). */
    date: string;
    /** The AWS pricing page or price list offer file the figure comes from. */
    source: string;
    /** "transcribed" by hand from the pricing page, or read from the "aws-price-list" by the script. */
    provenance: "transcribed" | "aws-price-list";
}

/**
 * What the regeneration script looks for in AWS's price list offer files: the offer (service), the
 * usage type without its region prefix (`NatGateway-Hours` matches `SAE1-NatGateway-Hours`, `EU-...`,
 * `USE1-...`) and, where a usage type is shared, product attributes that must match exactly.
 */
export interface PriceSelector {
    offerCode: string;
    usagetype: string;
    attributes?: Record<string, string>;
    /** Price list units per table unit, when they differ (KMS is priced per request, the table per 10k). */
    scale?: number;
}

export interface PriceEntry {
    /** What one unit is: "endpoint-AZ-hour", "GB-month", "1k requests". */
    unit: string;
    description: string;
    selector: PriceSelector;
    /** Figures by region code; a region missing here has no price for this key. */
    regions: Record<string, PriceFigure>;
}

export interface PriceTable {
    currency: "USD";
    /** Hours in the average month, as AWS's own calculator counts them. */
    hoursPerMonth: number;
    regions: string[];
    prices: Record<string, PriceEntry>;
}

/** The table the pack ships (policy-pack/lib/cost/prices.json). */
export const PRICE_TABLE = shippedTable as unknown as PriceTable;

/** A price for a key in a region, or why there is none. */
export type PriceLookup = { ok: true; key: string; unit: string; figure: PriceFigure } | { ok: false; key: string; reason: string };

export function lookupPrice(table: PriceTable, key: string, region: string | undefined): PriceLookup {
    const entry = table.prices[key];
    if (!entry) return { ok: false, key, reason: `no price for ${key} in the price table` };
    if (!region) return { ok: false, key, reason: "the resource's region is unknown" };
    const figure = entry.regions[region];
    if (!figure) return { ok: false, key, reason: `no price for ${key} in ${region} in the price table` };
    return { ok: true, key, unit: entry.unit, figure };
}
