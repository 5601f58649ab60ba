/**
 * Test-only polyfills for libraries that target newer Node than the 20.19 we still support.
 * aws-local-stepfunctions 3 uses Promise.withResolvers (Node 22+).
 */
if (typeof (Promise as any).withResolvers !== "function") {
    (Promise as any).withResolvers = function withResolvers<T>() {
        let resolve!: (value: T | PromiseLike<T>) => void;
        let reject!: (reason?: unknown) => void;
        const promise = new Promise<T>((res, rej) => {
            resolve = res;
            reject = rej;
        });
        return { promise, resolve, reject };
    };
}
