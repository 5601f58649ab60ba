/**
 * "Not applicable" answers, as cheap as the engine allows.
 *
 * A policy says it does not apply to a resource by calling `args.notApplicable(reason)`, which throws an
 * error the analyzer turns into a PolicyNotApplicable entry of its answer (pulumi-policy server.ts). The
 * engine keeps only the entry's policy name: it leaves the policy out of the resource's "passed" list in the
 * policy summary events (pulumi/pulumi pkg/resource/analyzer/summary.go, newPolicySummary); the reason is
 * read nowhere (not displayed, not in the events). So the pack sends the name alone, and creates the error
 * without capturing a stack trace: V8 captures one for every Error created, which was most of the cost of
 * an answer given for nearly every (resource, policy) pair.
 */

/** The arguments' notApplicable, as the SDK passes it to resource and stack validations. */
export interface CanBeNotApplicable {
    notApplicable(reason?: string): never;
}

/** Ends the validation as "not applicable" (no reason sent: the engine ignores it; no stack captured). */
export function notApplicable(args: CanBeNotApplicable): never {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return args.notApplicable();
    } finally {
        Error.stackTraceLimit = limit;
    }
}
