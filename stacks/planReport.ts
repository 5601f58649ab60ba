/**
 * What the configuration tells whoever plans the stack (the Studio IP plan, quota headroom): figures for a
 * person, not values another stack consumes, so they are not stack outputs of the deployed program. The
 * program leaves them under a well-known global key that the offline plan (tools/offline) reads after it
 * runs the program; a global, not a module variable, because the plan reloads the program's modules.
 */
export const PLAN_REPORT_KEY = Symbol.for("offline-plan.report");

export interface PlanReport {
    /** Figures worth knowing (the Studio IP plan). */
    notes: string[];
    /** Non-fatal findings of the configuration (quota headroom, unknowable subnet sizes). */
    warnings: string[];
    /** Structured details behind the notes, e.g. `studioCapacity`. */
    details?: Record<string, unknown>;
}

/** Leaves the report for the offline plan; a deployment (`pulumi up`) never reads it. */
export function reportToPlan(report: PlanReport): void {
    (globalThis as Record<symbol, unknown>)[PLAN_REPORT_KEY] = report;
}
