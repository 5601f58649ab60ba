/**
 * EventBridge's matching of exact-value patterns (arrays of strings or numbers, nested objects; every key
 * of the pattern must match, a field matches when its value, or any element of an array value, is listed).
 * The platform's patterns use only these; content filters (prefix, anything-but, numeric...) are refused
 * rather than guessed at, so a test never passes on a pattern this matcher does not understand. No
 * well-kept npm package matches EventBridge patterns offline (the AWS SDK's TestEventPattern calls AWS).
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
    if (Array.isArray(pattern)) {
        for (const p of pattern) {
            if (p !== null && typeof p === "object") throw new Error(`content filter ${JSON.stringify(p)} is not supported by this matcher`);
        }
        const values = Array.isArray(event) ? event : [event];
        return values.some((v) => pattern.includes(v));
    }
    if (pattern !== null && typeof pattern === "object") {
        if (event === null || typeof event !== "object" || Array.isArray(event)) return false;
        return Object.entries(pattern as Record<string, unknown>).every(([k, p]) => k in (event as object) && matchesPattern(p, (event as Record<string, unknown>)[k]));
    }
    throw new Error(`pattern leaves must be arrays, found ${JSON.stringify(pattern)}`);
}
