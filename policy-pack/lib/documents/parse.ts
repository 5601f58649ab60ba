/**
 * Parsing any AWS policy document (identity, trust, resource policies of S3, KMS, ECR, SNS, SQS, Secrets
 * Manager, Glue, Lambda, SageMaker) into normalised statements. Pure functions over plain JSON.
 *
 * Parsing fails closed: a document that is not valid JSON, has no statements, or has a statement AWS would
 * reject (no Effect, both Action and NotAction, ...) comes back as an error with the reason, so a policy
 * can report it instead of judging nothing and passing.
 */

export type Effect = "Allow" | "Deny";

/** One condition test: `"StringEquals": {"aws:PrincipalOrgID": ["o-1"]}` gives operator, key, values. */
export interface ConditionTest {
    /** As written, e.g. "ForAnyValue:StringLike", "ArnLikeIfExists". */
    operator: string;
    /** As written; compare with `sameKey`, condition keys are case-insensitive. */
    key: string;
    values: string[];
}

export interface Statement {
    /** "statement "Sid"" or "statement #n", for messages. */
    label: string;
    sid?: string;
    effect: Effect;
    actions: string[];
    notActions: string[];
    resources: string[];
    notResources: string[];
    /** Principal by kind ("AWS", "Service", "Federated", "CanonicalUser"); `"*"` is recorded as AWS: ["*"]. */
    principals: Record<string, string[]>;
    notPrincipals: Record<string, string[]>;
    /** True when the statement has a Principal or NotPrincipal element (resource and trust policies). */
    hasPrincipal: boolean;
    /** The principal is `"*"` or `{AWS: "*"}` (the two mean the same), or NotPrincipal is used with Allow. */
    anyPrincipal: boolean;
    conditions: ConditionTest[];
}

export interface PolicyDocument {
    version?: string;
    statements: Statement[];
}

export type ParseResult = { ok: true; document: PolicyDocument } | { ok: false; reason: string };

const STATEMENT_KEYS = new Set(["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"]);

function asList(value: unknown): string[] | undefined {
    if (value === undefined || value === null) return [];
    if (typeof value === "string") return [value];
    if (typeof value === "number" || typeof value === "boolean") return [String(value)];
    if (Array.isArray(value) && value.every((v) => ["string", "number", "boolean"].includes(typeof v))) return value.map(String);
    return undefined;
}

function principalMap(value: unknown, where: string): Record<string, string[]> | string {
    if (value === undefined) return {};
    if (value === "*") return { AWS: ["*"] };
    if (!value || typeof value !== "object" || Array.isArray(value)) return `${where} is neither "*" nor an object of principal kinds`;
    const out: Record<string, string[]> = {};
    for (const [kind, v] of Object.entries(value as Record<string, unknown>)) {
        const list = asList(v);
        if (list === undefined) return `${where}.${kind} is not a string or a list of strings`;
        out[kind] = list;
    }
    return out;
}

function conditionTests(value: unknown, where: string): ConditionTest[] | string {
    if (value === undefined || value === null) return [];
    if (typeof value !== "object" || Array.isArray(value)) return `${where} Condition is not an object`;
    const tests: ConditionTest[] = [];
    for (const [operator, block] of Object.entries(value as Record<string, unknown>)) {
        if (!block || typeof block !== "object" || Array.isArray(block)) return `${where} Condition.${operator} is not an object of keys`;
        for (const [key, v] of Object.entries(block as Record<string, unknown>)) {
            const values = asList(v);
            if (values === undefined) return `${where} Condition.${operator}.${key} is not a string or a list of strings`;
            tests.push({ operator, key, values });
        }
    }
    return tests;
}

function parseStatement(raw: unknown, index: number): Statement | string {
    const where = `statement #${index + 1}`;
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return `${where} is not an object`;
    const s = raw as Record<string, unknown>;
    const label = typeof s.Sid === "string" && s.Sid ? `statement "${s.Sid}"` : where;
    const unknownKeys = Object.keys(s).filter((k) => !STATEMENT_KEYS.has(k));
    if (unknownKeys.length) return `${label} has element(s) AWS does not know: ${unknownKeys.join(", ")}`;
    if (s.Effect !== "Allow" && s.Effect !== "Deny") return `${label} has Effect ${JSON.stringify(s.Effect)}, not "Allow" or "Deny"`;
    if ((s.Action === undefined) === (s.NotAction === undefined)) return `${label} must have exactly one of Action and NotAction`;
    if (s.Resource !== undefined && s.NotResource !== undefined) return `${label} has both Resource and NotResource`;
    if (s.Principal !== undefined && s.NotPrincipal !== undefined) return `${label} has both Principal and NotPrincipal`;
    const lists = ["Action", "NotAction", "Resource", "NotResource"].map((k) => [k, asList(s[k])] as const);
    const bad = lists.find(([, v]) => v === undefined);
    if (bad) return `${label} ${bad[0]} is not a string or a list of strings`;
    const principals = principalMap(s.Principal, `${label} Principal`);
    if (typeof principals === "string") return principals;
    const notPrincipals = principalMap(s.NotPrincipal, `${label} NotPrincipal`);
    if (typeof notPrincipals === "string") return notPrincipals;
    const conditions = conditionTests(s.Condition, label);
    if (typeof conditions === "string") return conditions;
    const [actions, notActions, resources, notResources] = lists.map(([, v]) => v!);
    const effect = s.Effect;
    return {
        label,
        sid: typeof s.Sid === "string" ? s.Sid : undefined,
        effect,
        actions,
        notActions,
        resources,
        notResources,
        principals,
        notPrincipals,
        hasPrincipal: s.Principal !== undefined || s.NotPrincipal !== undefined,
        anyPrincipal: (principals.AWS ?? []).includes("*") || (effect === "Allow" && s.NotPrincipal !== undefined),
        conditions,
    };
}

/**
 * Parses a policy document given as JSON text or as an object (as Pulumi inputs carry them). Fails closed:
 * anything that is not a well-formed document is an error with the reason.
 */
export function parseDocument(value: unknown): ParseResult {
    let doc = value;
    if (typeof value === "string") {
        try {
            doc = JSON.parse(value);
        } catch (err) {
            return { ok: false, reason: `it is not valid JSON (${(err as Error).message})` };
        }
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { ok: false, reason: "it is not a JSON object" };
    const d = doc as Record<string, unknown>;
    if (!("Statement" in d)) return { ok: false, reason: "it has no Statement" };
    if (d.Version !== undefined && d.Version !== "2012-10-17" && d.Version !== "2008-10-17") {
        return { ok: false, reason: `it has Version ${JSON.stringify(d.Version)}, not "2012-10-17"` };
    }
    const raw = Array.isArray(d.Statement) ? d.Statement : [d.Statement];
    if (raw.length === 0) return { ok: false, reason: "it has no statements" };
    const statements: Statement[] = [];
    for (let i = 0; i < raw.length; i++) {
        const st = parseStatement(raw[i], i);
        if (typeof st === "string") return { ok: false, reason: st };
        statements.push(st);
    }
    return { ok: true, document: { version: d.Version as string | undefined, statements } };
}

/** Condition keys are case-insensitive in IAM. */
export function sameKey(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
}

/** Values of a condition key under any operator (or only under `operators`), or undefined when absent. */
export function conditionValues(st: Statement, key: string, operators?: string[]): string[] | undefined {
    const found = st.conditions.filter((c) => sameKey(c.key, key) && (!operators || operators.includes(c.operator)));
    return found.length ? found.flatMap((c) => c.values) : undefined;
}
