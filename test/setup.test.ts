import { strict as assert } from "assert";
import { TEST_STACK_TRACE_LIMIT } from "./setup";
import { pulumiLoadedInFull } from "./support/pulumiLoadedInFull";

/** Calls `fn` from `depth` nested frames of a helper, as a test reaching an assertion through support code. */
function nested(depth: number, fn: () => void): void {
    if (depth === 0) fn();
    else nested(depth - 1, fn);
}

describe("test setup", () => {
    it("bounds stack capture (mocha sets Infinity) unless mocha runs with --full-trace", () => {
        assert.equal(Error.stackTraceLimit, process.argv.includes("--full-trace") ? Infinity : TEST_STACK_TRACE_LIMIT);
        assert.ok(TEST_STACK_TRACE_LIMIT >= 10, "never below Node's own default");
    });

    it("still shows the failing test's own frame through a dozen helper frames", () => {
        let stack = "";
        function failingTest() {
            nested(12, () => {
                stack = new assert.AssertionError({ message: "expected" }).stack ?? "";
            });
        }
        failingTest();
        assert.match(stack, /at failingTest \(.*setup\.test\.ts/);
    });

    it("loads @pulumi/pulumi in full, with nothing deferred, whatever the test files load", () => {
        // test/tools/offline/deferredLoading.test.ts takes this process's plans as its reference without the deferral.
        assert.deepEqual(pulumiLoadedInFull(), { automation: true, typescript: true, arborist: true });
    });
});
