import { strict as assert } from "assert";
import { PIPELINE_STEPS } from "../../components/retrainPipeline/steps";
import { retrainDefinition } from "../../components/retrainPipeline/stateMachine";
import { validateAsl, validateAslUncached } from "./aslValidator";

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

describe("test support: asl-validator with one Ajv per process", () => {
    it("answers as the published asl-validator for a valid definition and for broken ones, call after call", () => {
        const cases: Array<[string, any]> = [["valid", valid], ...Object.entries(broken).map(([label, breakIt]): [string, any] => {
            const d = structuredClone(valid);
            breakIt(d);
            return [label, d];
        })];
        // The published validator's answers (an Ajv each: about 130 ms a call).
        const published = new Map(cases.map(([label, definition]) => [label, PUBLISHED[label] ?? validateAslUncached(structuredClone(definition)).errors]));
        // Twice over, interleaved: an answer must not depend on what the shared Ajv validated before.
        for (const round of [1, 2]) {
            for (const [label, definition] of cases) {
                const once = validateAsl(structuredClone(definition));
                assert.equal(once.isValid, label === "valid", `${label} (round ${round})`);
                assert.deepEqual(once.errors, published.get(label), `${label} (round ${round})`);
            }
        }
        assert.equal(validateAsl(structuredClone(cases[4][1])).errorsText(), validateAslUncached(structuredClone(cases[4][1])).errorsText());
    });

    it("keeps the options apart: paths and ARNs unchecked when asked", () => {
        const d = structuredClone(valid);
        d.States.TrainModel.Resource = "not-an-arn";
        assert.equal(validateAsl(structuredClone(d)).isValid, false);
        assert.equal(validateAsl(structuredClone(d), { checkArn: false, checkPaths: true }).isValid, true);
        assert.equal(validateAsl(structuredClone(d)).isValid, false, "the default options still check ARNs");
    });
});
