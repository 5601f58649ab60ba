/**
 * Who a statement lets in, judged by meaning: a principal of `"*"` (or `{AWS: "*"}`, or NotPrincipal with
 * Allow) is public unless a condition limits *who* or *from where*. Conditions on anything else (TLS,
 * time, tags of the request, encryption headers) do not make a public grant private.
 */
import { isWildcardResource, parseArn } from "./arn";
import { ConditionTest, Statement } from "./parse";

/**
 * Global condition keys that limit who may call or from where (lower case). A condition on one of these
 * with a positive operator and concrete values restricts the principal.
 */
export const RESTRICTING_CONDITION_KEYS = new Set(
    [
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:PrincipalServiceName",
        "aws:userid",
        "aws:username",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceIp",
        "aws:VpcSourceIp",
        "aws:VpceAccount",
        "aws:VpceOrgID",
        "aws:VpceOrgPaths",
        "aws:SourceArn",
        "aws:SourceAccount",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:SourceOwner",
        "kms:CallerAccount",
    ].map((k) => k.toLowerCase()),
);

/** Operators that admit only listed values (so a concrete list restricts); negated and IfExists ones do not. */
const POSITIVE = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/i;

const OPEN_NETWORKS = new Set(["0.0.0.0/0", "::/0"]);

/** True when this one condition test limits who may call, or from where. */
export function restrictsWho(test: ConditionTest): boolean {
    if (!RESTRICTING_CONDITION_KEYS.has(test.key.toLowerCase())) return false;
    // ForAllValues passes when the key is absent from the request; IfExists likewise.
    if (!POSITIVE.test(test.operator) || /^ForAllValues:/i.test(test.operator)) return false;
    if (test.values.length === 0) return false;
    return test.values.every((v) => {
        if (/^[*?]+$/.test(v) || OPEN_NETWORKS.has(v)) return false;
        // An ARN condition (aws:SourceArn, aws:PrincipalArn) restricts only if the ARN is not "any".
        if (v.startsWith("arn:")) return !isWildcardResource(v);
        // Org paths like o-1/* still name one organisation; accounts, VPC ids, IPs are concrete.
        return !/^[*?]/.test(v);
    });
}

/** The condition tests of a statement that limit who or from where (empty: the grant is as wide as its principal). */
export function restrictingConditions(st: Statement): ConditionTest[] {
    return st.conditions.filter(restrictsWho);
}

/** An Allow that any AWS principal can use, with no condition limiting who or from where. */
export function isPublicGrant(st: Statement): boolean {
    return st.effect === "Allow" && st.anyPrincipal && restrictingConditions(st).length === 0;
}

/** The 12-digit account of a principal value: an account id, an account root or an IAM ARN. */
export function accountOf(principal: string): string | undefined {
    if (/^\d{12}$/.test(principal)) return principal;
    const arn = parseArn(principal);
    return arn && /^\d{12}$/.test(arn.account) ? arn.account : undefined;
}

/**
 * Accounts other than `ownAccounts` a statement grants to through AWS principals (without a condition that
 * limits who, such as aws:PrincipalOrgID). Service principals are not accounts and are not counted.
 */
export function foreignAccounts(st: Statement, ownAccounts: string[]): string[] {
    if (st.effect !== "Allow" || restrictingConditions(st).length > 0) return [];
    const own = new Set(ownAccounts);
    return [...new Set((st.principals.AWS ?? []).map(accountOf).filter((a): a is string => !!a && !own.has(a)))];
}

/** Short description of who a statement grants to, for messages. */
export function grantee(st: Statement): string {
    if (st.effect === "Allow" && Object.keys(st.notPrincipals).length) return "everyone but the NotPrincipal";
    if (st.anyPrincipal) return 'any principal ("*")';
    return Object.entries(st.principals)
        .map(([kind, v]) => `${kind} ${v.join(", ")}`)
        .join("; ");
}
