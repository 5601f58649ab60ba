import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Node's arguments before the script, for a child process running one of the project's tools that load
 * @pulumi/pulumi (tools/awsguard/check.ts, tools/bench/throughput.ts and programAlone.js): tools/register.js,
 * then tools/offline/deferredLoading.ts, which tools/plan.ts imports first and these tools do not. It defers
 * the modules @pulumi/pulumi loads for closure serialisation, and its Automation API, until first use; a tool
 * that serialises no function never loads them and finds the same (test/tools/offline/deferredLoading.test.ts
 * pins that for the plan), and its process loads about 900 fewer files: 2.82 -> 2.26 s of CPU for
 * throughput.ts on the prod stack (Node 20, medians of five).
 */
export const TOOL_PRELOADS: readonly string[] = ["-r", path.join(ROOT, "tools", "register.js"), "-r", path.join(ROOT, "tools", "offline", "deferredLoading.ts")];
