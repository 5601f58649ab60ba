/** The value Pulumi uses for an input unknown during preview (the same sentinel the engine sends). */
export const UNKNOWN_INPUT = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The value, or undefined when it is unknown during preview (or absent). */
export function known<T>(value: T | typeof UNKNOWN_INPUT | undefined): T | undefined {
    return value === UNKNOWN_INPUT ? undefined : value;
}

export function isUnknownInput(value: unknown): boolean {
    return value === UNKNOWN_INPUT;
}

/** A number input: a number, or a numeric string (provider inputs sometimes arrive as text). */
export function numberInput(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string" && value.trim() !== "" && value !== UNKNOWN_INPUT && Number.isFinite(Number(value))) return Number(value);
    return undefined;
}

/** An object input, parsed when it arrives as JSON text. */
export function objectInput(value: unknown): Record<string, unknown> | undefined {
    if (typeof value === "string" && value !== UNKNOWN_INPUT) {
        try {
            const parsed = JSON.parse(value);
            return parsed && typeof parsed === "object" ? parsed : undefined;
        } catch {
            return undefined;
        }
    }
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
