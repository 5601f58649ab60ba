import { strict as assert } from "assert";
import fc from "fast-check";
import { FARGATE_MEMORY_BY_CPU, fargateSizeProblem } from "../../components/retrainPipeline/fargate";
import { scheduleProblem, timeZoneProblem } from "../../components/retrainPipeline/schedule";
import { PIPELINE_STEPS } from "../../components/retrainPipeline/steps";
import { retrainDefinition } from "../../components/retrainPipeline/stateMachine";
import { validateAsl as aslValidator } from "../support/aslValidator";

describe("retraining pipeline planners (pure)", () => {
    describe("Fargate sizes", () => {
        it("accepts exactly the documented CPU/memory pairs", () => {
            const cpus = Object.keys(FARGATE_MEMORY_BY_CPU).map(Number);
            fc.assert(
                fc.property(fc.constantFrom(...cpus, 128, 3072, 32768), fc.integer({ min: 256, max: 131072 }), (cpu, memory) => {
                    const valid = (FARGATE_MEMORY_BY_CPU[cpu] ?? []).includes(memory);
                    return (fargateSizeProblem(cpu, memory) === undefined) === valid;
                }),
            );
        });

        it("explains the allowed memory for the CPU", () => {
            assert.equal(fargateSizeProblem(256, 4096), "memory 4096 MiB does not go with cpu 256; Fargate allows 512, 1024, 2048 MiB");
            assert.equal(fargateSizeProblem(8192, 20000), "memory 20000 MiB does not go with cpu 8192; Fargate allows 16384-61440 in steps of 4096 MiB");
        });
    });

    describe("schedule expressions", () => {
        const minute = fc.integer({ min: 0, max: 59 }).map(String);
        const hour = fc.integer({ min: 0, max: 23 }).map(String);
        const dom = fc.integer({ min: 1, max: 31 }).map(String);
        const month = fc.oneof(fc.constant("*"), fc.integer({ min: 1, max: 12 }).map(String), fc.constantFrom("JAN", "JUN", "DEC"));
        const dow = fc.oneof(fc.constantFrom("MON", "MON-FRI", "SUN,SAT", "2#1", "6L"), fc.integer({ min: 1, max: 7 }).map(String));
        const year = fc.oneof(fc.constant("*"), fc.integer({ min: 2026, max: 2199 }).map(String));

        it("accepts any well-formed cron with '?' in exactly one day field", () => {
            fc.assert(
                fc.property(minute, hour, dom, month, dow, year, fc.boolean(), (mi, h, d, mo, w, y, byWeekday) => {
                    const expr = byWeekday ? `cron(${mi} ${h} ? ${mo} ${w} ${y})` : `cron(${mi} ${h} ${d} ${mo} ? ${y})`;
                    return scheduleProblem(expr) === undefined;
                }),
            );
        });

        it("rejects crons with both or neither day field as '?', out-of-range values and wrong field counts", () => {
            assert.match(scheduleProblem("cron(0 3 * * MON *)")!, /exactly one of day-of-month and day-of-week/);
            assert.match(scheduleProblem("cron(0 3 ? * ? *)")!, /exactly one/);
            assert.match(scheduleProblem("cron(0 24 ? * MON *)")!, /field 2 \(hours\) "24"/);
            assert.match(scheduleProblem("cron(61 3 ? * MON *)")!, /field 1 \(minutes\)/);
            assert.match(scheduleProblem("cron(0 3 ? * MON)")!, /6 fields/);
            assert.match(scheduleProblem("every monday")!, /expected cron/);
            assert.equal(scheduleProblem("rate(1 day)"), undefined);
            assert.match(scheduleProblem("rate(2 day)")!, /use "2 days"/);
            assert.equal(scheduleProblem("cron(0 3 ? * MON *)"), undefined, "the seed's schedule");
        });

        it("knows IANA time zones", () => {
            assert.equal(timeZoneProblem("America/Sao_Paulo"), undefined);
            assert.equal(timeZoneProblem("UTC"), undefined);
            assert.match(timeZoneProblem("BRT-3")!, /not an IANA time zone/);
        });
    });

    describe("state machine definition", () => {
        const model = fc.stringMatching(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/);
        const minutes = fc.integer({ min: 1, max: 10080 });
        it("is valid ASL with a timeout, transient-only retries and a catch-all on every task, for any settings", () => {
            fc.assert(
                fc.property(model, fc.double({ min: 0, max: 1, noNaN: true }), fc.tuple(minutes, minutes, minutes, minutes), (name, threshold, t) => {
                    const definition = retrainDefinition({
                        modelName: name,
                        clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/c",
                        taskDefinitionArns: Object.fromEntries(PIPELINE_STEPS.map((s) => [s, `arn:aws:ecs:us-east-1:123456789012:task-definition/${name}-${s}`])) as any,
                        subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"],
                        securityGroupIds: ["sg-0bbbbbbbbbbbbbbbb"],
                        topicArn: "arn:aws:sns:us-east-1:123456789012:t",
                        artifactsBucket: "b",
                        accuracyThreshold: threshold,
                        timeoutMinutes: { preprocessing: t[0], training: t[1], validation: t[2], publish: t[3] },
                    });
                    const { isValid, errors } = aslValidator(structuredClone(definition));
                    assert.ok(isValid, JSON.stringify(errors));
                    for (const [state, body] of Object.entries<any>(definition.States)) {
                        if (body.Type !== "Task") continue;
                        assert.ok(body.TimeoutSeconds > 0, state);
                        assert.ok(body.Retry.every((r: any) => !r.ErrorEquals.some((e: string) => e === "States.ALL" || e === "States.Permissions")), state);
                        assert.ok(body.Catch.some((c: any) => c.ErrorEquals.includes("States.ALL")), state);
                    }
                    assert.equal(definition.States.TrainModel.TimeoutSeconds, t[1] * 60);
                    return true;
                }),
                { numRuns: 25 },
            );
        });
    });
});
