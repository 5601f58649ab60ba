import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { runProgram } from "../../tools/offline/runProgram";
import { deepChecks } from "../../policy-pack/policies/deepChecks";
import { ROOT, isPreviewSkip, violations } from "../harness";

const FIXTURES = path.join(ROOT, "test", "fixtures");

/**
 * False positives of policies written before the compliant corpus, found on it. Each entry is
 * `<policy> <resource name>` with the fix the policy needs; the policies' files are being moved, so the
 * fixes land after that move. The test fails as soon as one is fixed, so the entry is then removed here:
 * the list only shrinks, and the corpus ends at zero mandatory violations.
 */
const KNOWN_FALSE_POSITIVES: Record<string, string> = {
    // @pulumi/aws v7 types Redshift's `encrypted` as a string defaulting to "true": accept "true" and absent.
    "database-encrypted-and-private warehouse": "accounts.ts databaseEncryptedPrivate: treat encrypted \"true\" (string) and unset (Redshift default) as encrypted",
    // An env var that names a secret's ARN, valued with an ARN, is a pointer, not a secret.
    "ecs-no-plaintext-secrets api": "containers.ts ecsNoPlaintextSecrets: use documents.plaintextSecrets (reference names and ARN values are not secrets)",
    // ec2:DescribeRegions has no resource-level permissions (Service Authorization Reference).
    "iam-least-privilege scorer": "iam.ts iamLeastPrivilege: decide Resource \"*\" with documents.resourceStarOracle, the hand list as `allowed` on top",
    // CreateEndpointConfig rejects KmsKeyId for instance types with local NVMe storage (ml.g5, ml.p4d, ...).
    "sagemaker-endpoint-config-kms llm": "sagemaker.ts endpointConfigKms: do not demand kmsKeyArn when any production variant uses hasLocalInstanceStorage(instanceType) (AWS then rejects it)",
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
                const deep = new Set(deepChecks.map((p) => p.name));
                assert.deepEqual(found.filter((v) => deep.has(v.split(" ")[0])), []);
                if (!preview) found.forEach((v) => seen.add(v));
            });
        }
    }

    it("still sees every known false positive (remove an entry once its policy is fixed)", () => {
        assert.deepEqual([...seen].sort(), Object.keys(KNOWN_FALSE_POSITIVES).sort());
    });
});
