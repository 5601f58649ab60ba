import shippedTable from "./prices.json";

/**
 * Where a figure's number was read, so a reader knows how far to trust it (prices.json's
 * `provenanceDefinitions` says the same in the file): the script's offer file, a stored AWS pricing page
 * that states one price for every region, a public file recording AWS list prices (an Infracost golden
 * test), or nowhere: `unverified` figures were entered from knowledge and not checked against a source.
 */
export const PROVENANCES = ["aws-price-list", "aws-pricing-page", "third-party-extract", "unverified"] as const;
export type Provenance = (typeof PROVENANCES)[number];

/** One figure of the price table: what it costs, where the figure came from and when. */
export interface PriceFigure {
    usd: number;
    /** The offer file's publication date, the day a page was read, or the day a third-party file last changed. */
    date: string;
    /** Where the number was read (offer file, page, repository file at a commit); for `unverified`, the AWS page to check it against. */
    source: string;
    provenance: Provenance;
    /** What in the source gives the figure (a quoted line), or how sure an unverified figure is. */
    note?: string;
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
    /** What each provenance value means, as the file states it. */
    provenanceDefinitions?: Partial<Record<Provenance, string>>;
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

/** How many figures of each provenance the table holds in a region (all regions when none is given). */
export function provenanceCounts(table: PriceTable, region?: string): Record<Provenance, number> {
    const counts = Object.fromEntries(PROVENANCES.map((p) => [p, 0])) as Record<Provenance, number>;
    for (const entry of Object.values(table.prices)) {
        for (const [r, figure] of Object.entries(entry.regions)) if (!region || r === region) counts[figure.provenance]++;
    }
    return counts;
}
