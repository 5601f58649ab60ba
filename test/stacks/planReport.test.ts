import { strict as assert } from "assert";
import { inlineRun, stackRun } from "../harness";

/** Plan notes and warnings reach the offline plan through PLAN_REPORT_KEY, not through the deployed stack's outputs. */
describe("plan notes and warnings (stacks/planReport.ts)", () => {
    it("are not stack outputs of the deployed program", async () => {
        const run = await stackRun("prod");
        for (const key of ["planNotes", "warnings", "studioCapacity"]) assert.equal(run.outputs[key], undefined, key);
    });

    it("reach the plan: the Studio IP plan as a note, its figures as details", async () => {
        const run = await stackRun("prod");
        assert.equal(run.planReport?.notes.length, 2);
        assert.match(run.planReport!.notes[1], /^MLOps projects churn: .* seed 001's single MLOps role \(sefaz-ml-mlops-role-prod\) and its PassRole of the ml-engineer role are gone/);
        assert.match(run.planReport!.notes[0], /^Studio IP plan: 638 addresses per subnet .* a \/22 or larger/);
        assert.deepEqual(run.planReport!.warnings, []);
        assert.equal((run.planReport!.details?.studioCapacity as { requiredPerSubnet: number }).requiredPerSubnet, 638);
    });

    it("belong to the run that left them: a later program that leaves none has none", async () => {
        await stackRun("prod");
        const run = await inlineRun(() => ({ ok: true }));
        assert.equal(run.planReport, undefined);
    });
});
