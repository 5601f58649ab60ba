/**
 * Runs @pulumi/awsguard (Pulumi's published AWS policies, all advisory) over this project's stacks, in
 * its own process (a process serves one policy pack), and prints its findings as JSON lines:
 * `node -r ./tools/register.js tools/awsguard/check.ts dev prod`.
 */
import * as path from "path";
import { LocalPolicyPack } from "../offline/policyPack";
import { runProgram } from "../offline/runProgram";

async function main(): Promise<void> {
    const stacks = process.argv.slice(2);
    const pack = await LocalPolicyPack.start(__dirname);
    await pack.configure({});
    for (const stack of stacks.length ? stacks : ["dev", "prod"]) {
        const run = await runProgram({ program: path.join(__dirname, "..", "..", "index.ts"), stack });
        for (const v of await pack.analyze(run)) {
            console.log(JSON.stringify({ stack, policy: v.policy, level: v.level, resource: v.urn.split("::").pop(), type: v.urn.split("::")[2].split("$").pop(), message: v.message.split("\n").pop() }));
        }
    }
    process.exit(0);
}

main().catch((err) => {
    console.error(err);
    process.exit(2);
});
