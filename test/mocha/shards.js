// `npm test` runs the suite as two mocha processes side by side (the machine's second core), each with the
// settings of .mocharc.json and its own share of the files; `npx mocha` alone still runs them all in one.
// Not mocha --parallel: its workers run each file in a fresh mocha instance, so coverage.test's check after
// every policy's spec (a root `after` hook over outcomes recorded by all of them) would not see them, and a
// second `new PolicyPack` in a reused worker makes the policy SDK exit the worker (process.exit), losing its
// tests. Here each process is an ordinary serial run:
// - policy-pack: every file coverage.test's check needs (test/policy-pack/*.test.ts and the policies' specs),
//   so the check runs and sees them all, and, to even out the two shares' time, four tests whose work is
//   mostly in child processes they start (with them, each share is 28-31 s of CPU, its own and its children's);
// - rest: everything else, .mocharc.json's spec minus the first share. test/tools/programs.test.ts stays
//   here, with test/tools/plan.test.ts and test/tools/offline/deferredLoading.test.ts: the plans they read
//   are shared within one process (sharedPlan), so apart they were planned twice or more.
// test/mochaShards.test.ts checks that the two shares are disjoint and together are .mocharc.json's files.
// Two shares, not three: `npm test` is bound by the machine's two cores (on Node 20 about 61 s of CPU,
// user + sys, in 33 s of wall), and a third share (test/tools apart from the rest) only added CPU, each
// process loading the SDKs and warming up again: 35.6-40.0 s of wall against 33.0-34.4 s, in 3 interleaved
// pairs on Node 20 (issue 14).
// .mocharc.json's node-option max-semi-space-size=64 (V8's default is 16 MB): the suite's stack runs keep
// their resources, outputs and promises alive until the run ends, so most young objects survive a
// scavenge; with four times the room fewer die young in vain, and scavenging fell from 6.1 s to 4.5 s
// of the rest share's CPU (--trace-gc), the mocha processes' CPU by about a tenth. Child processes the
// tests start do not inherit it: they run as users run them.
"use strict";
const base = require("../../.mocharc.json");

const POLICY_PACK_SPEC = [
    "test/policy-pack/*.test.ts",
    "policy-pack/policies/**/*.spec.ts",
    "test/components/package.test.ts",
    "test/tools/bench/transport.test.ts",
    "test/tools/bench/programAlone.test.ts",
    "test/support/publishedPack.test.ts",
];

const shards = {
    "policy-pack": { ...base, spec: POLICY_PACK_SPEC },
    rest: { ...base, ignore: [...(base.ignore ?? []), ...POLICY_PACK_SPEC] },
};

module.exports = { shards, POLICY_PACK_SPEC };
