import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, KEY, previewKey, reported } from "../../../test/support/policySpec";

describe("cloudwatch-log-group-retention", () => {
    it("uses the configured minimum", async () => {
        const build = () => {
            new aws.cloudwatch.LogGroup("forever", { kmsKeyId: KEY });
            new aws.cloudwatch.LogGroup("week", { kmsKeyId: KEY, retentionInDays: 7 });
            new aws.cloudwatch.LogGroup("year", { kmsKeyId: KEY, retentionInDays: 365 });
        };
        const byDefault = await findings("cloudwatch-log-group-retention", build);
        assert.deepEqual(byDefault.map((f) => f.split(":")[0]).sort(), ["forever", "week"]);
        assert.match(byDefault.join("\n"), /week: LogGroup "week" keeps logs 7 days, less than the required 30/);
        const strict = await findings("cloudwatch-log-group-retention", build, { "cloudwatch-log-group-retention": { minimumRetentionDays: 400 } });
        assert.deepEqual(strict.map((f) => f.split(":")[0]).sort(), ["forever", "week", "year"]);
    });

    it("judges the same in preview, where the key is unknown", async () => {
        assert.deepEqual(await reported("cloudwatch-log-group-retention", () => new aws.cloudwatch.LogGroup("week", { kmsKeyId: previewKey(), retentionInDays: 7 }), {}, true), ["week"]);
    });
});
