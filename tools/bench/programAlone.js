// The program alone: a Pulumi program run under plain `pulumi.runtime.setMocks` mocks, with no policy pack,
// no provider Check, no monitor interception, no cost and no report. The mocks answer what the mocked cloud
// answers in the plan (tools/offline/mocks.ts: ARNs, ids, account lookups), because a program that builds
// policies from ARNs fails on mocks that only echo inputs. Between the floor (floor.js) and the offline plan, it splits the plan's time into what
// @pulumi/pulumi and the program cost anyway and what the offline tool adds on top.
// Usage: node -r tools/register.js programAlone.js <program entry> <project> <stack>
// with the stack's config in PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS, as the language host passes it.
"use strict";
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const { computedOutputs, mockCall } = require("../offline/mocks");

const [program, project, stack] = process.argv.slice(2);
// As the offline plan runs programs: no stack traces (tools/offline/runProgram.ts), so the rows compare alike.
Error.stackTraceLimit = 0;
const region = JSON.parse(process.env.PULUMI_CONFIG || "{}")["aws:region"] || "us-east-1";
let resources = 0;
const mocks = {
    newResource: (args) => {
        resources++;
        const { id, outputs } = computedOutputs(args, region);
        return { id, state: { ...args.inputs, ...outputs } };
    },
    call: (args) => mockCall(args, region),
};

async function main() {
    await pulumi.runtime.setMocks(mocks, project, stack, false);
    await pulumi.runtime.runInPulumiStack(async () => {
        const exported = require(path.resolve(program));
        return typeof exported === "function" ? exported() : exported;
    });
    await pulumi.runtime.waitForRPCs();
    console.log(`${resources} resources`);
}

main().then(
    () => process.exit(0),
    (err) => {
        console.error(err);
        process.exit(2);
    },
);
