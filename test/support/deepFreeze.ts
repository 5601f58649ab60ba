/**
 * Freezes a value and everything reachable from it, for results shared between tests: a write is
 * refused (silently in the transpiled test files, which are not strict; a TypeError in strict code), so
 * no test changes what the next one reads.
 */
export function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key]);
    }
    return value;
}
