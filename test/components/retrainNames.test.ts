import { strict as assert } from "assert";
import { Naming } from "../../components/naming";
import { PIPELINE_NAME_LIMITS, PipelineNames, pipelineNameProblems } from "../../components/retrainPipeline/names";
import { inputs, stackRun } from "../harness";

/** The names module holds every name a pipeline derives, each with its AWS length limit. */
describe("RetrainPipeline names", () => {
    const names = new PipelineNames(new Naming("sefaz-ml", "dev"), "retrain");
    const limited = new Set(PIPELINE_NAME_LIMITS.flatMap(([, of]) => of(names)));

    it("gives every name the pipeline registers a length limit (nothing named outside the names module)", async () => {
        const run = await stackRun("dev");
        const pipelineResources = run.resources.filter((r) => r.urn.includes("RetrainPipeline") && !r.type.startsWith("mlplatform:"));
        const named = pipelineResources
            // A role's policy is named inside the role; parameter names are the path plus the parameter.
            .filter((r) => r.type !== "aws:iam/rolePolicy:RolePolicy" && r.type !== "aws:ssm/parameter:Parameter")
            .map((r) => inputs(r).name ?? inputs(r).family)
            .filter((n): n is string => typeof n === "string");
        assert.ok(named.length >= 25, `found ${named.length} named resources`);
        for (const n of named) assert.ok(limited.has(n), `${n} is a derived name with a limit`);
        for (const r of pipelineResources.filter((r) => r.type === "aws:ssm/parameter:Parameter")) {
            assert.ok(inputs(r).name.startsWith(names.parameterPath), inputs(r).name);
        }
    });

    it("refuses a model name that makes the tightest name too long, naming the kind of name and its limit", () => {
        const long = new PipelineNames(new Naming("sefaz-ml-platform", "staging"), "customer-churn-model");
        assert.deepEqual(pipelineNameProblems(long), [
            [
                "name",
                'too long with prefix "sefaz-ml-platform" and environment "staging": the IAM role name sefaz-ml-platform-customer-churn-model-task-preprocessing-role-staging has 70 characters (AWS allows 64); shorten the model name by 6',
            ],
        ]);
        assert.deepEqual(pipelineNameProblems(names), []);
    });
});
