import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { runProgram } from "../../tools/offline/runProgram";
import { ROOT, isPreviewSkip, violations } from "../harness";

const FIXTURES = path.join(ROOT, "test", "fixtures");

/**
 * False positives of policies written before the compliant corpus, found on it. Each entry is
 * `<policy> <resource name>` with the fix the policy needs; the policies' files are being moved, so the
 * fixes land after that move. The test fails as soon as one is fixed, so the entry is then removed here:
 * the list only shrinks, and the corpus ends at zero mandatory violations.
 */
const KNOWN_FALSE_POSITIVES: Record<string, string> = {
    // An env var that names a secret's ARN, valued with an ARN, is a pointer, not a secret.
    "ecs-no-plaintext-secrets api": "containers.ts ecsNoPlaintextSecrets: use documents.plaintextSecrets (reference names and ARN values are not secrets)",
    // ec2:DescribeRegions has no resource-level permissions (Service Authorization Reference).
    "iam-least-privilege scorer": "iam.ts iamLeastPrivilege: decide Resource \"*\" with documents.resourceStarOracle, the hand list as `allowed` on top",
};

/** Mandatory violations as `<policy> <resource name>`, with preview skips left out. */
async function mandatory(program: string, preview: boolean): Promise<string[]> {
    const run = await runProgram({ program, stack: "test", preview });
    const found = await violations(run);
    return found.filter((v) => v.level === "mandatory" && !isPreviewSkip(v)).map((v) => `${v.policy} ${v.urn.split("::").pop()}`);
}

describe("compliant corpus", () => {
    const corpus = fs.readdirSync(FIXTURES).filter((d) => d.startsWith("compliant-"));

    it("has programs using Lambda, API Gateway, Fargate, Aurora, Redshift, a GPU endpoint, an asymmetric key, Glue and Athena", () => {
        const text = corpus.map((d) => fs.readFileSync(path.join(FIXTURES, d, "index.ts"), "utf8")).join("\n");
        for (const feature of ["aws.lambda.Function(", "aws.apigatewayv2.Api(", '"FARGATE"', '"aurora-postgresql"', "aws.redshift.Cluster(", '"ml.g5.', '"RSA_2048"', "aws.glue.", "aws.athena.Workgroup("]) {
            assert.ok(text.includes(feature), feature);
        }
    });

    const seen = new Set<string>();
    for (const fixture of corpus) {
        for (const preview of [false, true]) {
            it(`draws no mandatory violation on ${fixture} (${preview ? "preview" : "update"} mode) beyond the known false positives of older policies`, async () => {
                const found = await mandatory(path.join(FIXTURES, fixture, "index.ts"), preview);
                const unexpected = found.filter((v) => !(v in KNOWN_FALSE_POSITIVES));
                assert.deepEqual(unexpected, [], "a violation on a compliant program is a false positive, or the program is not compliant");
                if (!preview) found.forEach((v) => seen.add(v));
            });
        }
    }

    it("still sees every known false positive (remove an entry once its policy is fixed)", () => {
        assert.deepEqual([...seen].sort(), Object.keys(KNOWN_FALSE_POSITIVES).sort());
    });
});
