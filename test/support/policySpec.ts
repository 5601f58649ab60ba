import { PolicyPackConfig } from "../../tools/offline/policyPack";
import { inlineRun, skipsOf, violationsOf } from "../harness";

/** Names of the resources a policy reports for a program, sorted (a resource reported twice appears twice). */
export async function reported(policy: string, build: () => void, config: PolicyPackConfig = {}): Promise<string[]> {
    return (await violationsOf(await inlineRun(build), policy, config)).map((v) => v.split(":")[0]).sort();
}

/** The policy's messages for a program, as `name: message` lines. */
export async function messages(policy: string, build: () => void, config: PolicyPackConfig = {}): Promise<string[]> {
    return violationsOf(await inlineRun(build), policy, config);
}

/** The policy's findings and announced skips for a program run in preview mode (outputs of new resources unknown). */
export async function inPreview(policy: string, build: () => void, config: PolicyPackConfig = {}): Promise<{ violations: string[]; skips: string[] }> {
    const run = await inlineRun(build, { preview: true });
    return { violations: await violationsOf(run, policy, config), skips: await skipsOf(run, policy, config) };
}

export const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const ROLE = "arn:aws:iam::123456789012:role/r";
export const TAGS = { project: "p", environment: "dev", owner: "o", "cost-center": "c" };
