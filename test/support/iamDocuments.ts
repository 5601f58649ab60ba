import { PolicyDocument, identityFindings, parseDocument } from "../../policy-pack/lib/documents";
import { RESOURCE_STAR_ACTIONS } from "../../policy-pack/lib/iamDocument";

/** A document the project's own code wrote, parsed; a document that does not parse fails the test that reads it. */
export function parsed(value: unknown): PolicyDocument {
    const result = parseDocument(value);
    if (!result.ok) throw new Error(`not a policy document: ${result.reason}`);
    return result.document;
}

const HAND_LIST = new Set(Object.keys(RESOURCE_STAR_ACTIONS).map((a) => a.toLowerCase()));

/**
 * Least-privilege findings (messages) of a document the project writes, held to the project's own list:
 * `Resource: "*"` only for actions in RESOURCE_STAR_ACTIONS, each with its reason. Stricter than the pack,
 * which also accepts every action the Service Authorization Reference cannot scope; synchronous, so it
 * works inside property tests.
 */
export function leastPrivilegeProblems(value: unknown): string[] {
    return identityFindings(parsed(value), { allowResourceStar: (action) => HAND_LIST.has(action.toLowerCase()) }).map((f) => f.message);
}

/** Who a trust policy lets assume the role: service principals, other principals (`Kind:value`), and whether any principal may. */
export function trustedPrincipals(value: unknown): { services: string[]; other: string[]; any: boolean } {
    const services = new Set<string>();
    const other = new Set<string>();
    let any = false;
    for (const st of parsed(value).statements) {
        if (st.effect !== "Allow") continue;
        if (st.anyPrincipal) any = true;
        for (const [kind, values] of Object.entries(st.principals)) {
            for (const v of values) {
                if (kind === "Service") services.add(v);
                else other.add(`${kind}:${v}`);
            }
        }
    }
    return { services: [...services], other: [...other], any };
}
