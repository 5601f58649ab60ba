import { strict as assert } from "assert";
import { policies } from "../../policy-pack/policies";
import { Violation } from "../../tools/offline/policyPack";
import { UNKNOWN, isPreviewSkip, stackRun, violations } from "../harness";

/**
 * Every policy of the pack over our stacks' preview, where every output the provider computes is unknown
 * (the planned state of new resources, as in a real `pulumi preview`): no policy may report there what
 * the update would not (an unknown is "not judged yet", never a finding), and none is mandatory-violated.
 */
describe("every policy in preview mode, with provider-computed outputs unknown", () => {
    const found = new Map<string, { update: readonly Violation[]; preview: readonly Violation[] }>();

    before(async () => {
        for (const stack of ["dev", "prod"]) {
            const preview = await stackRun(stack, true);
            // The preview really carries provider-computed unknowns (else this test would prove nothing).
            const role = preview.resources.find((r) => r.type === "aws:iam/role:Role")!;
            assert.equal(role.rawOutputs.inlinePolicies, UNKNOWN);
            found.set(stack, { update: await violations(await stackRun(stack, false)), preview: await violations(preview) });
        }
    });

    const key = (v: Violation) => `${v.urn}\n${v.message}`;
    for (const policy of policies.map((p) => p.name)) {
        it(`${policy}: nothing in the dev and prod previews beyond what the update finds, and no mandatory violation`, () => {
            for (const [stack, { update, preview }] of found) {
                const inUpdate = new Set(update.filter((v) => v.policy === policy).map(key));
                const findings = preview.filter((v) => v.policy === policy && !isPreviewSkip(v));
                const extra = findings.filter((v) => !inUpdate.has(key(v)));
                assert.deepEqual(extra.map(key), [], `${stack}: ${policy} reports in preview what the update does not`);
                assert.deepEqual(findings.filter((v) => v.level === "mandatory").map(key), [], `${stack}: ${policy} is violated in preview`);
            }
        });
    }
});
