/**
 * npm run prices [-- --write] [--region <code> ...] [--offer <offerCode> ...]
 *
 * Regenerates policy-pack/lib/cost/prices.json from AWS's public price list (the Price List Bulk API's
 * regional offer files, no credentials needed): for every price key and region of the table, the
 * on-demand USD price of the product its selector names. Without --write it prints what would change.
 * Each figure it finds replaces the table's (whatever its provenance, `unverified` included) with
 * `provenance: aws-price-list`, the offer file's URL and its publication date.
 * Needs the internet; the parsing (pricesFromOffer) is tested offline on a saved sample.
 *
 * AmazonEC2's regional offer files are several GB, more than JSON.parse can hold: the keys read from it
 * (NAT gateways) are skipped and reported; read them with the Price List Query API instead, e.g.
 * `aws pricing get-products --region us-east-1 --service-code AmazonEC2 --filters Type=TERM_MATCH,Field=regionCode,Value=sa-east-1 Type=TERM_MATCH,Field=productFamily,Value="NAT Gateway"`.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { PriceFigure, PriceSelector, PriceTable } from "../../policy-pack/lib/cost/priceTable";

export const TABLE_FILE = path.resolve(__dirname, "..", "..", "policy-pack", "lib", "cost", "prices.json");
const TOO_LARGE = new Set(["AmazonEC2"]);

/** The parts of an AWS price list offer file (offer index format 1.0) this script reads. */
export interface OfferFile {
    offerCode: string;
    publicationDate: string;
    products: Record<string, { sku: string; productFamily?: string; attributes: Record<string, string> }>;
    terms: {
        OnDemand?: Record<string, Record<string, { effectiveDate?: string; priceDimensions: Record<string, { unit: string; beginRange?: string; pricePerUnit: { USD?: string } }> }>>;
    };
}

export function offerUrl(offerCode: string, region: string): string {
    return `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/${offerCode}/current/${region}/index.json`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether a product is the one a selector names, in a region: usage type without its region prefix, then exact attributes. */
export function matches(product: { attributes: Record<string, string> }, selector: PriceSelector, region: string): boolean {
    const a = product.attributes;
    if (a.regionCode !== undefined && a.regionCode !== region) return false;
    // Region prefixes are letters and an optional digit (USE1-, EU-, SAE1-); us-east-1 also appears without one.
    if (!new RegExp(`^(?:[A-Z]{2,4}\\d?-)?${escapeRegExp(selector.usagetype)}$`).test(a.usagetype ?? "")) return false;
    return Object.entries(selector.attributes ?? {}).every(([k, v]) => a[k] === v);
}

/** The first-tier on-demand USD price of a SKU (the tier starting at 0), or undefined. */
export function onDemandUsd(offer: OfferFile, sku: string): number | undefined {
    for (const term of Object.values(offer.terms.OnDemand?.[sku] ?? {})) {
        const dimensions = Object.values(term.priceDimensions);
        const first = dimensions.find((d) => (d.beginRange ?? "0") === "0") ?? dimensions[0];
        const usd = first?.pricePerUnit.USD;
        if (usd !== undefined && Number.isFinite(Number(usd))) return Number(usd);
    }
    return undefined;
}

export type KeyResult = { key: string; figure: PriceFigure } | { key: string; problem: string };

/**
 * The figures an offer file gives for the table's keys in one region. A key whose selector matches no
 * product, or products with different prices, gets a problem instead of a figure: the old figure stays.
 */
export function pricesFromOffer(offer: OfferFile, table: PriceTable, region: string, source = offerUrl(offer.offerCode, region)): KeyResult[] {
    const results: KeyResult[] = [];
    for (const [key, entry] of Object.entries(table.prices)) {
        if (entry.selector.offerCode !== offer.offerCode) continue;
        const prices = new Set<number>();
        for (const product of Object.values(offer.products)) {
            if (!matches(product, entry.selector, region)) continue;
            const usd = onDemandUsd(offer, product.sku);
            if (usd !== undefined) prices.add(usd);
        }
        if (prices.size === 0) results.push({ key, problem: `no on-demand product matches usagetype ${entry.selector.usagetype}${entry.selector.attributes ? ` and ${JSON.stringify(entry.selector.attributes)}` : ""} in ${region}` });
        else if (prices.size > 1) results.push({ key, problem: `${prices.size} products with different prices (${[...prices].join(", ")}) match in ${region}: narrow the selector's attributes` });
        else {
            const usd = Number(([...prices][0] * (entry.selector.scale ?? 1)).toPrecision(10));
            results.push({ key, figure: { usd, date: offer.publicationDate.slice(0, 10), source, provenance: "aws-price-list" } });
        }
    }
    return results;
}

/** The table with the given figures applied (a new object; the input is not changed). */
export function applyFigures(table: PriceTable, region: string, results: KeyResult[]): PriceTable {
    const next: PriceTable = JSON.parse(JSON.stringify(table));
    for (const r of results) if ("figure" in r) next.prices[r.key].regions[region] = r.figure;
    return next;
}

async function main(argv: string[]): Promise<number> {
    const { values } = parseArgs({ args: argv, options: { write: { type: "boolean" }, region: { type: "string", multiple: true }, offer: { type: "string", multiple: true } } });
    const original: PriceTable = JSON.parse(fs.readFileSync(TABLE_FILE, "utf8"));
    let table = original;
    const regions = values.region ?? table.regions;
    const offers = [...new Set(Object.values(table.prices).map((p) => p.selector.offerCode))].filter((o) => !values.offer || values.offer.includes(o));
    let problems = 0;
    for (const offerCode of offers) {
        if (TOO_LARGE.has(offerCode)) {
            console.log(`${offerCode}: skipped (the offer file is too large to parse in memory; see the header of this script)`);
            continue;
        }
        for (const region of regions) {
            const url = offerUrl(offerCode, region);
            const response = await fetch(url);
            if (!response.ok) {
                console.log(`${offerCode} ${region}: ${url} answered ${response.status}`);
                problems++;
                continue;
            }
            const results = pricesFromOffer((await response.json()) as OfferFile, table, region, url);
            for (const r of results) {
                const before = table.prices[r.key].regions[region]?.usd;
                if ("problem" in r) {
                    problems++;
                    console.log(`  ${r.key} ${region}: ${r.problem} (kept ${before ?? "no price"})`);
                } else if (before !== r.figure.usd) console.log(`  ${r.key} ${region}: ${before ?? "no price"} -> ${r.figure.usd}`);
            }
            table = applyFigures(table, region, results);
        }
    }
    if (values.write) {
        fs.writeFileSync(TABLE_FILE, JSON.stringify(table, null, 2) + "\n");
        console.log(`Wrote ${TABLE_FILE}`);
    } else console.log("Dry run: pass --write to update the table.");
    return problems > 0 ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err) => {
            console.error(`Cannot regenerate the price table: ${(err as Error).message}`);
            process.exit(2);
        },
    );
}
