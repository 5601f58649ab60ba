/**
 * Test-only polyfills so the suite still runs on Node 20, although the project requires Node 22 (engines).
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
