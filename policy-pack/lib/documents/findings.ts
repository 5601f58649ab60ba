/**
 * Findings over parsed documents: identity policies (least privilege), trust policies (who may assume),
 * and resource policies (public or cross-account). Each finding names the statement, the rule and the fix.
 */
import { foreignAccounts, grantee, isPublicGrant } from "./access";
import { grantsAction, isEveryResourceOfType, isWildcardAction, isWildcardResource } from "./arn";
import { PolicyDocument, Statement, conditionValues, parseDocument } from "./parse";

export type FindingRule =
    | "unparseable"
    | "wildcard-action"
    | "not-action-allow"
    | "not-resource-allow"
    | "resource-star"
    | "passrole-unscoped"
    | "public"
    | "cross-account"
    | "trust-any"
    | "trust-many-services"
    | "trust-federated-unconditioned";

export interface Finding {
    rule: FindingRule;
    /** "statement "Sid"" or "statement #n"; "document" for unparseable. */
    statement: string;
    /** What is wrong, e.g. `statement "Open" allows s3:GetObject to any principal ("*") ...`. */
    problem: string;
    /** What to do about it. */
    fix: string;
    /** `<problem>: <fix>`. */
    message: string;
}

function finding(rule: FindingRule, statement: string, problem: string, fix: string): Finding {
    return { rule, statement, problem, fix, message: `${problem}: ${fix}` };
}

/** A document's statements, or the finding that it cannot be judged (fail closed). */
export function statementsOrFinding(value: unknown): { document: PolicyDocument } | { finding: Finding } {
    const parsed = parseDocument(value);
    if (parsed.ok) return { document: parsed.document };
    return { finding: finding("unparseable", "document", `cannot be judged: ${parsed.reason}`, "write a well-formed policy document") };
}

/**
 * Whether an action may be allowed on a wildcard resource: true when it has no resource-level permissions
 * (so `*` is the only resource AWS accepts), false when it can be scoped, undefined when the oracle does not
 * know it. See resourceScopes.ts for the oracle built from AWS's Service Authorization Reference.
 */
export type ResourceStarOracle = (action: string) => boolean | undefined;

export interface IdentityOptions {
    /** Actions allowed on `*`. Defaults to "none" when absent: every action must be scoped. */
    allowResourceStar?: ResourceStarOracle;
}

function passRoleFindings(st: Statement): Finding[] {
    const where = st.label;
    if (!grantsAction(st, "iam:PassRole")) return [];
    const findings: Finding[] = [];
    const services = conditionValues(st, "iam:PassedToService");
    if (!services) {
        findings.push(finding("passrole-unscoped", where, `${where} allows iam:PassRole without an iam:PassedToService condition`, `add Condition StringEquals iam:PassedToService <service>.amazonaws.com`));
    } else if (services.some((s) => s.includes("*") || s.includes("?"))) {
        findings.push(finding("passrole-unscoped", where, `${where} allows iam:PassRole to services ${services.join(", ")}`, `name each service exactly (e.g. sagemaker.amazonaws.com), not a wildcard`));
    }
    const roles = st.notResources.length ? ["NotResource"] : st.resources.filter(isEveryResourceOfType);
    if (roles.length) {
        findings.push(finding("passrole-unscoped", where, `${where} allows iam:PassRole on ${roles.map((r) => `"${r}"`).join(", ")}`, "list the role ARNs that may be passed"));
    }
    return findings;
}

/**
 * Least-privilege findings of an identity policy (role, user, group, managed policy, permission set): no
 * wildcard actions, no Allow with NotAction/NotResource, wildcard resources only for actions the oracle
 * allows, `cloudwatch:PutMetricData` on `*` only with a namespace, `iam:PassRole` only to named roles and
 * named services.
 */
export function identityFindings(doc: PolicyDocument, options: IdentityOptions = {}): Finding[] {
    const allowStar = options.allowResourceStar ?? (() => false);
    const findings: Finding[] = [];
    for (const st of doc.statements) {
        if (st.effect !== "Allow") continue;
        const where = st.label;
        const wildcards = st.actions.filter(isWildcardAction);
        if (wildcards.length) {
            findings.push(finding("wildcard-action", where, `${where} allows wildcard action(s) ${wildcards.join(", ")}`, `list the exact actions the workload calls`));
        }
        if (st.notActions.length) {
            findings.push(finding("not-action-allow", where, `${where} allows NotAction ${st.notActions.join(", ")}, which grants every other action`, `list the allowed actions instead`));
        }
        if (st.notResources.length) {
            findings.push(finding("not-resource-allow", where, `${where} allows on NotResource, which grants every other resource`, `list the resources instead`));
        }
        const wildcard = st.resources.find(isWildcardResource);
        if (wildcard !== undefined) {
            const scopable = st.actions.filter((a) => allowStar(a) !== true && !/^iam:passrole$/i.test(a));
            if (scopable.length) {
                const spelled = wildcard === "*" ? 'Resource "*"' : `Resource "${wildcard}" (as good as "*")`;
                findings.push(finding("resource-star", where, `${where} allows ${scopable.join(", ")} on ${spelled}`, `scope it to ARNs (these actions support resource-level permissions, or are not on the allow-list)`));
            }
            if (grantsAction(st, "cloudwatch:PutMetricData") && !st.notActions.length && !conditionValues(st, "cloudwatch:namespace")) {
                findings.push(finding("resource-star", where, `${where} allows cloudwatch:PutMetricData on "*" without a cloudwatch:namespace condition`, `add one naming the metric namespace`));
            }
        }
        findings.push(...passRoleFindings(st));
    }
    return findings;
}

/** Trust-policy audience and subject condition keys per federated provider (lower case, without the provider prefix). */
const FEDERATED_REQUIREMENTS: Array<{ match: RegExp; name: string; audience: string[]; subject: string[] }> = [
    { match: /token\.actions\.githubusercontent\.com$/i, name: "GitHub Actions OIDC", audience: [":aud"], subject: [":sub"] },
    { match: /^cognito-identity\.amazonaws\.com$/i, name: "Cognito identity pool", audience: [":aud"], subject: [":amr"] },
    { match: /:saml-provider\//i, name: "SAML", audience: ["saml:aud"], subject: ["saml:sub", "saml:namequalifier", "saml:sub_type"] },
    { match: /./, name: "OIDC", audience: [":aud", ":azp"], subject: [":sub"] },
];

/** A condition value that admits any subject: `*`, `repo:*`, `repo:org/*:*`-style would still name an org, so only all-wildcard tails count. */
function admitsAnySubject(values: string[]): boolean {
    return values.some((v) => /^[*?]*$/.test(v) || /^repo:[*?]+(:.*)?$/i.test(v));
}

function federatedFindings(st: Statement): Finding[] {
    const findings: Finding[] = [];
    for (const provider of st.principals.Federated ?? []) {
        const req = FEDERATED_REQUIREMENTS.find((r) => r.match.test(provider))!;
        const keyOf = (suffix: string) => (suffix.startsWith(":") ? st.conditions.filter((c) => c.key.toLowerCase().endsWith(suffix)) : st.conditions.filter((c) => c.key.toLowerCase() === suffix));
        const positive = (c: { operator: string }) => /^(ForAnyValue:)?(StringEquals|StringLike|StringEqualsIgnoreCase)$/i.test(c.operator);
        const audience = req.audience.flatMap(keyOf).filter(positive);
        const subject = req.subject.flatMap(keyOf).filter(positive);
        const missing: string[] = [];
        if (!audience.length) missing.push("audience");
        if (!subject.length) missing.push("subject");
        else if (admitsAnySubject(subject.flatMap((c) => c.values))) missing.push("a subject narrower than a wildcard");
        if (missing.length) {
            findings.push(finding("trust-federated-unconditioned", st.label, `${st.label} trusts ${req.name} provider ${provider} without ${missing.join(" and ")} conditions, so any ${req.name === "GitHub Actions OIDC" ? "repository" : "identity"} of that provider can assume the role`, `add StringEquals on ${req.audience[0].replace(/^:/, "<provider>:")} and StringEquals/StringLike on ${req.subject[0].replace(/^:/, "<provider>:")} naming the allowed subjects`));
        }
    }
    return findings;
}

/**
 * Trust-policy findings: no `*` (or NotPrincipal) principal without a condition on who, at most one service
 * principal (one role per service), federated principals only with audience and subject conditions.
 */
export function trustFindings(doc: PolicyDocument): Finding[] {
    const findings: Finding[] = [];
    const services = new Set<string>();
    for (const st of doc.statements) {
        if (st.effect !== "Allow") continue;
        if (isPublicGrant(st)) {
            findings.push(finding("trust-any", st.label, `${st.label} lets ${grantee(st)} assume the role`, `name the service or account principals that may assume it`));
        }
        (st.principals.Service ?? []).forEach((s) => services.add(s));
        findings.push(...federatedFindings(st));
    }
    if (services.size > 1) {
        findings.push(finding("trust-many-services", "document", `the role is trusted by ${services.size} services (${[...services].join(", ")})`, `create one role per service, each trusted by that service only`));
    }
    return findings;
}

export interface ResourcePolicyOptions {
    /** Accounts that are not "cross-account" (the stack's own); empty: only public grants are findings. */
    ownAccounts?: string[];
}

/**
 * Resource-policy findings (bucket, key, repository, topic, queue, secret, Glue catalog, model package
 * group, Lambda): a grant to any principal without a condition on who or from where is public; a grant to
 * an AWS principal of another account is cross-account.
 */
export function resourcePolicyFindings(doc: PolicyDocument, options: ResourcePolicyOptions = {}): Finding[] {
    const findings: Finding[] = [];
    for (const st of doc.statements) {
        if (st.effect !== "Allow") continue;
        const what = st.notActions.length ? `everything but ${st.notActions.join(", ")}` : st.actions.join(", ");
        if (isPublicGrant(st)) {
            findings.push(finding("public", st.label, `${st.label} allows ${what} to ${grantee(st)} with no condition on who or from where`, `name the principals, or add aws:PrincipalOrgID, aws:SourceVpce, aws:SourceArn or aws:SourceAccount conditions`));
            continue;
        }
        if (options.ownAccounts?.length) {
            const foreign = foreignAccounts(st, options.ownAccounts);
            if (foreign.length) {
                findings.push(finding("cross-account", st.label, `${st.label} allows ${what} to account(s) ${foreign.join(", ")}`, `grant only this account, or add an aws:PrincipalOrgID condition`));
            }
        }
    }
    return findings;
}

/** Parses then judges; an unparseable document is one finding (fail closed). */
export function judge(value: unknown, kind: "identity" | "trust" | "resource", options: IdentityOptions & ResourcePolicyOptions = {}): Finding[] {
    const parsed = statementsOrFinding(value);
    if ("finding" in parsed) return [parsed.finding];
    if (kind === "identity") return identityFindings(parsed.document, options);
    if (kind === "trust") return trustFindings(parsed.document);
    return resourcePolicyFindings(parsed.document, options);
}
