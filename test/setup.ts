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

/**
 * mocha's CLI sets Error.stackTraceLimit to Infinity (mocha lib/cli/cli.js, "configurable via
 * --stack-trace-limit?") so a failure's stack is never cut before mocha trims its own and Node's frames.
 * But V8 captures the stack of every Error when it is created, thrown or not, and the suite creates
 * hundreds of thousands (the policy SDK throws one for each "not applicable" answer, the gRPC and Pulumi
 * runtimes are deep): capturing whole stacks cost several seconds of CPU. 30 frames still reach a failing
 * test's own frames through any helper of test/support; `mocha --full-trace` keeps mocha's Infinity.
 */
export const TEST_STACK_TRACE_LIMIT = 30;
if (!process.argv.includes("--full-trace")) Error.stackTraceLimit = TEST_STACK_TRACE_LIMIT;

/**
 * The suite's processes load @pulumi/pulumi in full, as a program under the Pulumi CLI does, before any test
 * file can install the offline plan's deferral of its closure-serialisation modules and Automation API
 * (tools/offline/deferredLoading.ts, which tools/plan.ts imports). So the plans tests run in-process are
 * the reference without the deferral that test/tools/offline/deferredLoading.test.ts compares a deferred
 * plan's process with, byte for byte.
 */
require("@pulumi/pulumi");
