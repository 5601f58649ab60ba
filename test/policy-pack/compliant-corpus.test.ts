import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { runProgram } from "../../tools/offline/runProgram";
import { ROOT, isPreviewSkip, violations } from "../harness";

const FIXTURES = path.join(ROOT, "test", "fixtures");

/** Mandatory violations as `<policy> <resource name>`, with preview skips left out. */
async function mandatory(program: string, preview: boolean): Promise<string[]> {
    const run = await runProgram({ program, stack: "test", preview });
    const found = await violations(run);
    return found.filter((v) => v.level === "mandatory" && !isPreviewSkip(v)).map((v) => `${v.policy} ${v.urn.split("::").pop()}`);
}

describe("compliant corpus", () => {
    const corpus = fs.readdirSync(FIXTURES).filter((d) => d.startsWith("compliant-"));

    it("has programs using Lambda, API Gateway, Fargate, Aurora, Redshift, a GPU endpoint, an asymmetric key, Glue, Athena and an approval-gated CodePipeline", () => {
        const text = corpus.map((d) => fs.readFileSync(path.join(FIXTURES, d, "index.ts"), "utf8")).join("\n");
        for (const feature of ["aws.lambda.Function(", "aws.apigatewayv2.Api(", '"FARGATE"', '"aurora-postgresql"', "aws.redshift.Cluster(", '"ml.g5.', '"RSA_2048"', "aws.glue.", "aws.athena.Workgroup(", "aws.codepipeline.Pipeline(", 'provider: "Manual"']) {
            assert.ok(text.includes(feature), feature);
        }
    });

    for (const fixture of corpus) {
        for (const preview of [false, true]) {
            it(`draws no mandatory violation on ${fixture} (${preview ? "preview" : "update"} mode)`, async () => {
                const found = await mandatory(path.join(FIXTURES, fixture, "index.ts"), preview);
                assert.deepEqual(found, [], "a violation on a compliant program is a false positive, or the program is not compliant");
            });
        }
    }
});
