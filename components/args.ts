import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/**
 * What every component's `args.ts` builds on: one zod schema per component is the single description of
 * its arguments (types, defaults, ranges, cross-field rules), and one error format for bad arguments,
 * shared with the stack configuration: key path, what was found, what is allowed.
 */

/** One bad argument or configuration key: what was found and what is allowed. */
export interface ArgsProblem {
    key: string;
    found: string;
    allowed: string;
}

/** Short JSON rendering of a value found in arguments or configuration. */
export function show(value: unknown): string {
    if (value === undefined) return "nothing (the key is missing)";
    if (pulumi.Output.isInstance(value)) return "an Output";
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The value at a zod issue path (`["steps", "training", "cpu"]`), or undefined. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
    return path.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
}

/** `steps.training.cpu`, `users[1].name`: how a path reads in a message. */
export function pathText(path: readonly PropertyKey[]): string {
    return path.reduce<string>((text, k) => (typeof k === "number" ? `${text}[${k}]` : text ? `${text}.${String(k)}` : String(k)), "");
}

/**
 * The problems of a failed parse, one per path (the first message of that path), in the shared format.
 * @param keyOf turns an issue path into the key the user sees (a config key, or a component argument).
 */
export function problemsOf(error: z.ZodError, input: unknown, keyOf: (path: readonly PropertyKey[]) => string): ArgsProblem[] {
    const byPath = new Map<string, ArgsProblem>();
    for (const issue of error.issues) {
        const id = JSON.stringify(issue.path);
        if (byPath.has(id)) continue;
        byPath.set(id, { key: keyOf(issue.path), found: show(valueAt(input, issue.path)), allowed: issue.message });
    }
    return [...byPath.values()];
}

/** The lines of a problem list, as both the stack config and the components print them. */
export function problemLines(problems: readonly ArgsProblem[]): string {
    return problems.map((p) => `  - ${p.key}: found ${p.found}; allowed: ${p.allowed}`).join("\n");
}

/** Raised by a component, before it registers any child, when its arguments are invalid. */
export class ComponentArgsError extends Error {
    constructor(
        readonly component: string,
        readonly resourceName: string,
        readonly problems: ArgsProblem[],
    ) {
        super(
            `${component} ${resourceName}: invalid arguments (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problemLines(problems)}`,
        );
        this.name = "ComponentArgsError";
    }
}

/** Parses a component's arguments with its schema (defaults filled in) or throws one ComponentArgsError. */
export function parseArgs<S extends z.ZodType>(schema: S, args: unknown, component: string, resourceName: string): z.output<S> {
    const result = schema.safeParse(args);
    if (!result.success) throw new ComponentArgsError(component, resourceName, problemsOf(result.error, args, pathText));
    return result.data;
}

/** A `pulumi.Input<T>`: checked only for presence (its value is known at deployment). */
export function input<T>(what: string) {
    return z.custom<pulumi.Input<T>>((v) => v !== undefined && v !== null, { error: `${what} (required)` });
}

/** A whole number in a range, with the message the user reads (also kept as the schema's `allowed`). */
export function wholeNumber(min: number, max: number, unit: string) {
    const allowed = `a whole number of ${unit} from ${min} to ${max}`;
    return z.number({ error: allowed }).int({ error: allowed }).min(min, { error: allowed }).max(max, { error: allowed }).meta({ allowed });
}

/**
 * The sentence a schema gives for a bad value (its `allowed` metadata), so a stack key that takes a
 * component argument says what the component's schema says instead of a copy of it.
 */
export function allowedBy(schema: z.ZodType): string {
    const allowed = z.globalRegistry.get(schema)?.allowed;
    if (typeof allowed !== "string") throw new Error("the schema declares no `allowed` sentence (see wholeNumber)");
    return allowed;
}

/** The retention values CloudWatch Logs accepts (PutRetentionPolicy); anything else fails at deploy time. */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Retention of log groups: one of CloudWatch Logs' values. */
export const logRetentionDaysSchema = (() => {
    const allowed = `one of CloudWatch Logs' retention values ${LOG_RETENTION_DAYS.join(", ")}`;
    return z
        .number({ error: allowed })
        .int({ error: allowed })
        .refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), { error: allowed })
        .meta({ allowed });
})();
