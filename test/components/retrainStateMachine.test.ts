import { strict as assert } from "assert";
import { StateMachine } from "aws-local-stepfunctions";
import { PIPELINE_STEPS } from "../../components/retrainPipeline/steps";
import { RetrainDefinitionInput, STATES, retrainDefinition } from "../../components/retrainPipeline/stateMachine";
import { validateAsl as aslValidator } from "../support/aslValidator";

const A = "123456789012";
const input: RetrainDefinitionInput = {
    modelName: "retrain",
    clusterArn: `arn:aws:ecs:us-east-1:${A}:cluster/sefaz-ml-retrain-prod`,
    taskDefinitionArns: Object.fromEntries(PIPELINE_STEPS.map((s) => [s, `arn:aws:ecs:us-east-1:${A}:task-definition/sefaz-ml-retrain-${s}-prod:1`])) as any,
    subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
    securityGroupIds: ["sg-0ccccccccccccccccc"],
    topicArn: `arn:aws:sns:us-east-1:${A}:sefaz-ml-retrain-alerts-prod`,
    artifactsBucket: `sefaz-ml-artifacts-prod-${A}-us-east-1`,
    accuracyThreshold: 0.9,
    timeoutMinutes: { preprocessing: 60, training: 240, validation: 30, publish: 15 },
};
const definition = retrainDefinition(input);
const ECS_STATES = [STATES.preprocessing, STATES.training, STATES.validation, STATES.publish];

/** Builds an error the interpreter matches by name, as Step Functions names integration errors. */
function awsError(name: string, message: string): Error {
    const e = new Error(message);
    e.name = name;
    return e;
}

interface Scenario {
    accuracy?: unknown;
    /** state -> errors to throw on successive calls before succeeding (a string is thrown every time). */
    failures?: Record<string, Array<Error> | Error>;
}

/**
 * The interpreter over the definition, validated once (aws-local-stepfunctions validates it with its own
 * asl-validator, a new Ajv each time, on construction); each scenario is a new execution of it, as in Step
 * Functions one state machine runs many executions.
 */
let machine: StateMachine | undefined;

/** Runs the definition locally; ECS, S3 and SNS are local handlers that record what they were asked. */
async function execute(scenario: Scenario) {
    const calls: Array<{ state: string; input: any }> = [];
    const attempts: Record<string, number> = {};
    const handler = (state: string, result: (input: any) => any) => async (taskInput: any) => {
        calls.push({ state, input: taskInput });
        attempts[state] = (attempts[state] ?? 0) + 1;
        const f = scenario.failures?.[state];
        if (f instanceof Error) throw f;
        if (Array.isArray(f) && attempts[state] <= f.length) throw f[attempts[state] - 1];
        return result(taskInput);
    };
    const handlers: Record<string, (i: any) => Promise<any>> = {};
    for (const s of ECS_STATES) handlers[s] = handler(s, () => ({ StopCode: "EssentialContainerExited", Containers: [{ ExitCode: 0 }] }));
    handlers[STATES.readMetrics] = handler(STATES.readMetrics, () => ({ Body: JSON.stringify({ accuracy: scenario.accuracy }) }));
    for (const s of [STATES.notifySuccess, STATES.notifyRejected, STATES.notifyFailure]) handlers[s] = handler(s, () => ({ MessageId: "m-1" }));

    const retryIntervalOverrides = Object.fromEntries(Object.keys(definition.States).map((s) => [s, 0]));
    machine ??= new StateMachine(structuredClone(definition) as any, { validationOptions: { checkArn: true, checkPaths: true } });
    const execution = machine.run(
        { trigger: "schedule" },
        {
            overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
            context: { Execution: { Name: "exec-2026-11-23", Input: {}, StartTime: new Date().toISOString() } } as any,
        },
    );
    let outcome: "succeeded" | "failed";
    let error: any;
    try {
        await execution.result;
        outcome = "succeeded";
    } catch (err) {
        outcome = "failed";
        error = err;
    }
    const ran = (state: string) => calls.filter((c) => c.state === state);
    return { outcome, error, calls, ran, attempts };
}

describe("retraining state machine definition", () => {
    it("is valid Amazon States Language (asl-validator)", () => {
        const { isValid, errors } = aslValidator(structuredClone(definition));
        assert.deepEqual(errors, []);
        assert.equal(isValid, true);
    });

    it("runs every ECS step on Fargate in the private subnets, with a security group and no public IP", () => {
        for (const state of ECS_STATES) {
            const p = definition.States[state].Parameters;
            assert.equal(p.LaunchType, "FARGATE", state);
            assert.equal(p.Cluster, input.clusterArn, state);
            assert.match(p.TaskDefinition, /task-definition\/sefaz-ml-retrain-/, state);
            assert.deepEqual(p.NetworkConfiguration.AwsvpcConfiguration, { Subnets: input.subnetIds, SecurityGroups: input.securityGroupIds, AssignPublicIp: "DISABLED" }, state);
            assert.equal(definition.States[state].Resource, "arn:aws:states:::ecs:runTask.sync");
        }
    });

    it("gives every task a timeout, a retry for transient errors with backoff, and a catch-all", () => {
        for (const [name, state] of Object.entries<any>(definition.States)) {
            if (state.Type !== "Task") continue;
            assert.ok(state.TimeoutSeconds > 0, `${name} timeout`);
            assert.ok(state.Retry?.length, `${name} retry`);
            for (const r of state.Retry) {
                assert.ok(!r.ErrorEquals.includes("States.ALL") && !r.ErrorEquals.includes("States.Permissions"), `${name} retries only transient errors`);
                assert.ok(r.BackoffRate > 1 && r.MaxAttempts >= 1, `${name} backoff`);
            }
            assert.ok(state.Catch?.some((c: any) => c.ErrorEquals.includes("States.ALL")), `${name} catch`);
        }
        assert.equal(definition.States[STATES.training].TimeoutSeconds, 240 * 60);
    });

    it("passes each run its own prefix, named after the execution", () => {
        const env = definition.States[STATES.training].Parameters.Overrides.ContainerOverrides[0].Environment;
        assert.deepEqual(env, [
            { Name: "RUN_ID", "Value.$": "$$.Execution.Name" },
            { Name: "RUN_PREFIX", "Value.$": "States.Format('runs/retrain/{}/', $$.Execution.Name)" },
        ]);
    });

    describe("executed locally (aws-local-stepfunctions)", () => {
        it("all steps succeed: publishes, then notifies success", async () => {
            const r = await execute({ accuracy: 0.95 });
            assert.equal(r.outcome, "succeeded", r.error?.message);
            assert.deepEqual(r.calls.map((c) => c.state), [...ECS_STATES.slice(0, 3), STATES.readMetrics, STATES.publish, STATES.notifySuccess]);
            assert.match(r.ran(STATES.notifySuccess)[0].input.Message, /Model retrain retrained and published\. Execution exec-2026-11-23, validation accuracy 0\.95/);
            assert.equal(r.ran(STATES.readMetrics)[0].input.Key, "runs/retrain/exec-2026-11-23/metrics.json");
            assert.equal(r.ran(STATES.training)[0].input.Overrides.ContainerOverrides[0].Environment[1].Value, "runs/retrain/exec-2026-11-23/");
        });

        it("accuracy below the threshold: does not publish, and the notification says why", async () => {
            const r = await execute({ accuracy: 0.82 });
            assert.equal(r.outcome, "succeeded", r.error?.message);
            assert.equal(r.ran(STATES.publish).length, 0);
            assert.equal(r.ran(STATES.notifySuccess).length, 0);
            assert.match(r.ran(STATES.notifyRejected)[0].input.Message, /was NOT published: validation accuracy 0\.82 is below the threshold 0\.9/);
        });

        it("accuracy exactly at the threshold publishes", async () => {
            const r = await execute({ accuracy: 0.9 });
            assert.equal(r.ran(STATES.publish).length, 1);
        });

        it("metrics without a numeric accuracy: no publish, failure notified, execution fails", async () => {
            const r = await execute({ accuracy: "high" });
            assert.equal(r.outcome, "failed");
            assert.equal(r.ran(STATES.publish).length, 0);
            assert.match(r.ran(STATES.notifyFailure)[0].input.Message, /failed at Validate\. Error: ValidationMetricsInvalid/);
        });

        it("a transient ECS failure is retried, then the run succeeds", async () => {
            // RunTask "failures" (no Fargate capacity) reach Step Functions as AmazonECS.Unknown.
            const r = await execute({ accuracy: 0.97, failures: { [STATES.training]: [awsError("AmazonECS.Unknown", "RESOURCE:FARGATE capacity is unavailable at this time")] } });
            assert.equal(r.outcome, "succeeded", r.error?.message);
            assert.equal(r.attempts[STATES.training], 2);
            assert.equal(r.ran(STATES.publish).length, 1);
            assert.equal(r.ran(STATES.notifyFailure).length, 0);
        });

        it("a missing permission is never retried", async () => {
            const r = await execute({ accuracy: 0.97, failures: { [STATES.preprocessing]: awsError("ECS.AccessDeniedException", "not authorized to perform ecs:RunTask") } });
            assert.equal(r.outcome, "failed");
            assert.equal(r.attempts[STATES.preprocessing], 1);
        });

        for (const state of [...ECS_STATES, STATES.readMetrics]) {
            it(`a permanent failure in ${state}: retries exhausted, failure notified with the cause, execution fails, nothing published`, async () => {
                const transient = state === STATES.readMetrics ? "S3.S3Exception" : "ECS.AmazonECSException";
                const r = await execute({ accuracy: 0.99, failures: { [state]: awsError(transient, `${state} broke: exit code 137`) } });
                assert.equal(r.outcome, "failed");
                assert.equal(r.attempts[state], 4, "first attempt + 3 retries");
                const message = r.ran(STATES.notifyFailure)[0]?.input.Message;
                assert.match(message, new RegExp(`failed at ${state}\\. Error: ${transient.replace(".", "\\.")}\\. Cause: ${state} broke: exit code 137`));
                if (state !== STATES.publish) assert.equal(r.ran(STATES.publish).length, 0, "PublishArtifacts never ran");
                assert.equal(r.ran(STATES.notifySuccess).length, 0);
            });
        }

        it("a task failure (non-zero exit) is not retried but notified", async () => {
            const r = await execute({ accuracy: 0.99, failures: { [STATES.training]: awsError("States.TaskFailed", "Essential container in task exited") } });
            assert.equal(r.outcome, "failed");
            assert.equal(r.attempts[STATES.training], 1);
            assert.match(r.ran(STATES.notifyFailure)[0].input.Message, /failed at TrainModel\. Error: States\.TaskFailed/);
        });
    });
});
