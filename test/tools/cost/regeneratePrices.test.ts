import { strict as assert } from "assert";
import * as path from "path";
import { PRICE_TABLE, PriceTable } from "../../../policy-pack/lib/cost";
import { OfferFile, applyFigures, offerUrl, pricesFromOffer } from "../../../tools/cost/regeneratePrices";
import { ROOT } from "../../harness";

const SAMPLE: OfferFile = require(path.join(ROOT, "test", "fixtures", "aws-price-list", "AmazonVPC-sa-east-1.sample.json"));

describe("price table regeneration (tools/cost/regeneratePrices.ts), on a saved sample of the price list format", () => {
    it("reads each key's first-tier on-demand price in the region, ignoring other regions and look-alike usage types", () => {
        const results = pricesFromOffer(SAMPLE, PRICE_TABLE, "sa-east-1");
        const url = offerUrl("AmazonVPC", "sa-east-1");
        assert.equal(url, "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonVPC/current/sa-east-1/index.json");
        const figure = (usd: number) => ({ figure: { usd, date: "2026-11-01", source: url, provenance: "aws-price-list" } });
        assert.deepEqual(results, [
            // SAE1-VpcEndpoint-Hours, not SAE1-VpcEndpoint-GWLBE-Hours (0.0444) nor USE1-VpcEndpoint-Hours (0.0999).
            { key: "ec2.interfaceEndpoint.hour", ...figure(0.0123) },
            // The tier that starts at 0 GB, though the file lists the second tier first.
            { key: "ec2.interfaceEndpoint.gb", ...figure(0.0111) },
            { key: "ec2.publicIpv4.hour", ...figure(0.0055) },
        ]);
    });

    it("reports a selector that matches nothing or several prices, and scales per-request prices to the table's unit", () => {
        const table: PriceTable = {
            ...PRICE_TABLE,
            prices: {
                missing: { unit: "hour", description: "", selector: { offerCode: "AmazonVPC", usagetype: "TransitGateway-Hours" }, regions: {} },
                ambiguous: { unit: "hour", description: "", selector: { offerCode: "AmazonVPC", usagetype: "VpcEndpoint-Hours", attributes: { operation: "VpcEndpoint" } }, regions: {} },
                scaled: { unit: "1k hours", description: "", selector: { offerCode: "AmazonVPC", usagetype: "PublicIPv4:InUseAddress", scale: 1000 }, regions: {} },
                otherOffer: { unit: "hour", description: "", selector: { offerCode: "awskms", usagetype: "KMS-Keys" }, regions: {} },
            },
        };
        // A second VpcEndpoint-Hours product with another price in the same region makes the selector ambiguous.
        const twoPrices = pricesFromOffer({ ...SAMPLE, products: { ...SAMPLE.products, SAMPLEOTHERREGION: { ...SAMPLE.products.SAMPLEOTHERREGION, attributes: { ...SAMPLE.products.SAMPLEOTHERREGION.attributes, regionCode: "sa-east-1" } } } }, table, "sa-east-1");
        assert.deepEqual(
            twoPrices.map((r) => ("problem" in r ? `${r.key}: ${r.problem}` : `${r.key}: ${r.figure.usd}`)),
            [
                "missing: no on-demand product matches usagetype TransitGateway-Hours in sa-east-1",
                "ambiguous: 2 products with different prices (0.0123, 0.0999) match in sa-east-1: narrow the selector's attributes",
                "scaled: 5.5",
            ],
        );
    });

    it("applies the figures it found to a copy of the table and keeps the others", () => {
        const shipped = JSON.parse(JSON.stringify(PRICE_TABLE));
        const results = pricesFromOffer(SAMPLE, PRICE_TABLE, "sa-east-1");
        const next = applyFigures(PRICE_TABLE, "sa-east-1", [...results, { key: "kms.key.month", problem: "not in this offer" }]);
        // A figure read from the price list replaces an unverified one, and says where it was read.
        assert.equal(PRICE_TABLE.prices["ec2.interfaceEndpoint.hour"].regions["sa-east-1"].provenance, "unverified");
        assert.deepEqual(next.prices["ec2.interfaceEndpoint.hour"].regions["sa-east-1"], {
            usd: 0.0123,
            date: "2026-11-01",
            source: offerUrl("AmazonVPC", "sa-east-1"),
            provenance: "aws-price-list",
        });
        assert.deepEqual(next.prices["ec2.interfaceEndpoint.hour"].regions["us-east-1"], PRICE_TABLE.prices["ec2.interfaceEndpoint.hour"].regions["us-east-1"]);
        assert.deepEqual(next.prices["kms.key.month"], PRICE_TABLE.prices["kms.key.month"]);
        assert.deepEqual(PRICE_TABLE, shipped, "the shipped table is not changed");
    });
});
