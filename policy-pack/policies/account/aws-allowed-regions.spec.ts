import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, KEY, reported } from "../../../test/support/policySpec";

describe("aws-allowed-regions", () => {
    const build = () => {
        const saoPaulo = new aws.Provider("sa", { region: "sa-east-1" });
        new aws.sns.Topic("in-sa", { kmsMasterKeyId: KEY }, { provider: saoPaulo });
        new aws.sns.Topic("in-us", { kmsMasterKeyId: KEY });
    };

    it("allows any region by default and only the configured ones when set", async () => {
        assert.deepEqual(await reported("aws-allowed-regions", build), []);
        const found = await findings("aws-allowed-regions", build, { "aws-allowed-regions": { allowedRegions: ["sa-east-1"] } });
        assert.deepEqual(found.map((f) => f.split(":")[0]), ["in-us"]);
        assert.match(found[0], /Topic "in-us" is in us-east-1\. Fix: create it in one of sa-east-1/);
    });

    it("judges the same in preview: regions are known before resources exist", async () => {
        assert.deepEqual(await reported("aws-allowed-regions", build, { "aws-allowed-regions": { allowedRegions: ["sa-east-1"] } }, true), ["in-us"]);
    });
});
