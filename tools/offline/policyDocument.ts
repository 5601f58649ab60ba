/**
 * `aws.iam.getPolicyDocument` computed offline as the provider computes it (terraform-provider-aws
 * data source aws_iam_policy_document): a pure function of its arguments, so the JSON it returns is the
 * one the IAM resources get and the policies must judge. Source documents first, then the statements
 * (a statement with the Sid of an earlier one replaces it), then override documents the same way;
 * single values written as strings, lists sorted as the provider sorts them (descending), principals
 * grouped by type (`*` of type `*` written as "*"), `&{...}` written as `${...}`.
 */

interface PrincipalArg {
    type: string;
    identifiers: string[];
}

interface ConditionArg {
    test: string;
    variable: string;
    values: string[];
}

export interface StatementArg {
    sid?: string;
    effect?: string;
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    principals?: PrincipalArg[];
    notPrincipals?: PrincipalArg[];
    conditions?: ConditionArg[];
}

export interface PolicyDocumentArgs {
    version?: string;
    policyId?: string;
    statements?: StatementArg[];
    sourcePolicyDocuments?: string[];
    overridePolicyDocuments?: string[];
}

type Statement = Record<string, unknown>;

const interpolate = (s: string) => s.replace(/&\{/g, "${");

/** One value as a string, several as a list sorted as the provider writes them. */
function stringOrList(values: string[]): string | string[] {
    const list = [...new Set(values.map(interpolate))];
    return list.length === 1 ? list[0] : list.sort().reverse();
}

function principals(list: PrincipalArg[]): unknown {
    if (list.length === 1 && list[0].type === "*" && list[0].identifiers.length === 1 && list[0].identifiers[0] === "*") return "*";
    const byType: Record<string, string[]> = {};
    for (const p of list) byType[p.type] = [...(byType[p.type] ?? []), ...p.identifiers];
    return Object.fromEntries(Object.entries(byType).map(([type, ids]) => [type, stringOrList(ids)]));
}

function statement(arg: StatementArg): Statement {
    const out: Statement = {};
    if (arg.sid) out.Sid = arg.sid;
    out.Effect = arg.effect ?? "Allow";
    if (arg.actions?.length) out.Action = stringOrList(arg.actions);
    if (arg.notActions?.length) out.NotAction = stringOrList(arg.notActions);
    if (arg.resources?.length) out.Resource = stringOrList(arg.resources);
    if (arg.notResources?.length) out.NotResource = stringOrList(arg.notResources);
    if (arg.principals?.length) out.Principal = principals(arg.principals);
    if (arg.notPrincipals?.length) out.NotPrincipal = principals(arg.notPrincipals);
    if (arg.conditions?.length) {
        const condition: Record<string, Record<string, unknown>> = {};
        for (const c of arg.conditions) {
            condition[c.test] ??= {};
            condition[c.test][interpolate(c.variable)] = stringOrList(c.values);
        }
        out.Condition = condition;
    }
    return out;
}

/** Adds statements, a statement with the Sid of an earlier one replacing it in place. */
function merge(into: Statement[], statements: Statement[]): void {
    for (const s of statements) {
        const at = s.Sid ? into.findIndex((x) => x.Sid === s.Sid) : -1;
        if (at >= 0) into[at] = s;
        else into.push(s);
    }
}

function statementsOf(json: string): Statement[] {
    const doc = JSON.parse(json) as { Statement?: Statement | Statement[] };
    return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
}

/** The data source's result: `json` (indented as the provider writes it), `minifiedJson` and `id`. */
export function policyDocument(args: PolicyDocumentArgs): { json: string; minifiedJson: string; id: string } {
    const statements: Statement[] = [];
    for (const source of args.sourcePolicyDocuments ?? []) merge(statements, statementsOf(source));
    merge(statements, (args.statements ?? []).map(statement));
    for (const override of args.overridePolicyDocuments ?? []) merge(statements, statementsOf(override));
    const doc: Record<string, unknown> = { Version: args.version ?? "2012-10-17" };
    if (args.policyId) doc.Id = args.policyId;
    doc.Statement = statements;
    const json = JSON.stringify(doc, null, 2);
    let h = 0;
    for (let i = 0; i < json.length; i++) h = (Math.imul(h, 31) + json.charCodeAt(i)) >>> 0;
    return { json, minifiedJson: JSON.stringify(doc), id: String(h) };
}
