import { strict as assert } from "assert";
import * as path from "path";
import { PIPELINE_STEPS } from "../../components/retrainPipeline/steps";
import { retrainDefinition } from "../../components/retrainPipeline/stateMachine";
import { validateAsl, validateAslUncached } from "./aslValidator";
import { fileHash, memoisedOnFiles, saltOf } from "./fileMemo";

const A = "123456789012";
const valid = retrainDefinition({
    modelName: "churn",
    clusterArn: `arn:aws:ecs:us-east-1:${A}:cluster/c`,
    taskDefinitionArns: Object.fromEntries(PIPELINE_STEPS.map((s) => [s, `arn:aws:ecs:us-east-1:${A}:task-definition/churn-${s}`])) as any,
    subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"],
    securityGroupIds: ["sg-0bbbbbbbbbbbbbbbb"],
    topicArn: `arn:aws:sns:us-east-1:${A}:t`,
    artifactsBucket: "b",
    accuracyThreshold: 0.9,
    timeoutMinutes: { preprocessing: 1, training: 2, validation: 3, publish: 4 },
});

/** Broken definitions, each caught by a different part of asl-validator. */
const broken: Record<string, (d: any) => void> = {
    "no StartAt (schema)": (d) => delete d.StartAt,
    "a bad JSONPath (asl_path format)": (d) => (d.States.TrainModel.ResultPath = "$..[bad"),
    "a bad resource ARN (asl_arn format)": (d) => (d.States.TrainModel.Resource = "not-an-arn"),
    "a Next to no state (after the schema)": (d) => (d.States.TrainModel.Next = "Nowhere"),
    "a task that neither ends nor goes on (after the schema)": (d) => delete d.States.TrainModel.Next,
};

/** The published validator's answers for two of them (the others are compared live, an Ajv compile each). */
const PUBLISHED: Record<string, unknown> = {
    "no StartAt (schema)": [{ "Error code": "SCHEMA_VALIDATION_FAILED", Message: " is invalid. must have required property 'StartAt'", schemaError: { instancePath: "", schemaPath: "#/required" } }],
    "a task that neither ends nor goes on (after the schema)": [
        { "Error code": "MISSING_TRANSITION_TARGET", Message: "State Validate is not reachable" },
        { "Error code": "TERMINAL_STATE_WITH_NEXT", Message: 'State "TrainModel" MUST contain exactly one of "End", "Next"' },
    ],
};

/**
 * The published validator's live answers (an Ajv compile each, about 130 ms a call): errors per case not
 * in PUBLISHED, and the error text of `textCase`. Kept between runs (test/support/fileMemo.ts) while the
 * installed packages (package-lock.json, asl-validator's and ajv's package.json), the definitions asked
 * about and this file's code are unchanged: they are the library's answers to exactly these inputs, and
 * any change asks it again.
 */
function publishedAnswers(cases: Array<[string, any]>, textCase: [string, any]): { errors: Record<string, unknown>; text: string } {
    const salt = saltOf(fileHash(__filename), JSON.stringify(cases), JSON.stringify(textCase));
    const files = [path.join(__dirname, "..", "..", "package-lock.json"), require.resolve("asl-validator/package.json"), require.resolve("ajv/package.json")];
    return memoisedOnFiles("aslValidatorPublished", salt, () => ({
        value: {
            errors: Object.fromEntries(cases.filter(([label]) => !(label in PUBLISHED)).map(([label, definition]) => [label, validateAslUncached(structuredClone(definition)).errors])),
            text: validateAslUncached(structuredClone(textCase[1])).errorsText(),
        },
        files,
    })).value;
}

describe("test support: asl-validator with one Ajv per process", () => {
    it("answers as the published asl-validator for a valid definition and for broken ones, call after call", () => {
        const cases: Array<[string, any]> = [["valid", valid], ...Object.entries(broken).map(([label, breakIt]): [string, any] => {
            const d = structuredClone(valid);
            breakIt(d);
            return [label, d];
        })];
        // The published validator's answers (an Ajv each: about 130 ms a call; kept between runs).
        const live = publishedAnswers(cases, cases[4]);
        const published = new Map(cases.map(([label]) => [label, PUBLISHED[label] ?? live.errors[label]]));
        // Twice over, interleaved: an answer must not depend on what the shared Ajv validated before.
        for (const round of [1, 2]) {
            for (const [label, definition] of cases) {
                const once = validateAsl(structuredClone(definition));
                assert.equal(once.isValid, label === "valid", `${label} (round ${round})`);
                assert.deepEqual(once.errors, published.get(label), `${label} (round ${round})`);
            }
        }
        assert.equal(validateAsl(structuredClone(cases[4][1])).errorsText(), live.text);
    });

    it("keeps the options apart: paths and ARNs unchecked when asked", () => {
        const d = structuredClone(valid);
        d.States.TrainModel.Resource = "not-an-arn";
        assert.equal(validateAsl(structuredClone(d)).isValid, false);
        assert.equal(validateAsl(structuredClone(d), { checkArn: false, checkPaths: true }).isValid, true);
        assert.equal(validateAsl(structuredClone(d)).isValid, false, "the default options still check ARNs");
    });
});
