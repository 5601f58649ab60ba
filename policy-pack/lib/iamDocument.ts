/**
 * Reading and judging IAM policy documents, shared by the IAM policies of the pack and by the project's
 * own tests that walk every document of a stack. Pure functions over plain JSON.
 */

export type Effect = "Allow" | "Deny";

/** A statement with its list-or-string fields normalised to lists. */
export interface NormalisedStatement {
    sid?: string;
    effect: Effect;
    actions: string[];
    notActions: string[];
    resources: string[];
    notResources: string[];
    principals: Record<string, string[]>;
    /** `"*"` principal (any AWS principal), as written. */
    anyPrincipal: boolean;
    conditions: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
    Version?: string;
    Statement: unknown;
}

/**
 * Actions that AWS only authorises on `Resource: "*"` (they have no resource-level permissions), each
 * with the reason it is needed. This is the single allow-list: a `*` resource on any other action is a
 * finding. The pack reads it as the default of its `allowedResourceStarActions` config.
 */
export const RESOURCE_STAR_ACTIONS: Readonly<Record<string, string>> = {
    "ecr:GetAuthorizationToken": "ECR login token is account-wide (CodeBuild push, ECS/SageMaker pull)",
    "logs:CreateLogDelivery": "Step Functions vended-log delivery has no resource-level permissions",
    "logs:GetLogDelivery": "Step Functions vended-log delivery has no resource-level permissions",
    "logs:UpdateLogDelivery": "Step Functions vended-log delivery has no resource-level permissions",
    "logs:DeleteLogDelivery": "Step Functions vended-log delivery has no resource-level permissions",
    "logs:ListLogDeliveries": "Step Functions vended-log delivery has no resource-level permissions",
    "logs:PutResourcePolicy": "Step Functions vended-log delivery writes the log group resource policy",
    "logs:DescribeResourcePolicies": "Step Functions vended-log delivery reads the log group resource policy",
    "logs:DescribeLogGroups": "Step Functions checks the log destination; DescribeLogGroups is account-wide",
    "xray:PutTraceSegments": "X-Ray tracing has no resource-level permissions",
    "xray:PutTelemetryRecords": "X-Ray tracing has no resource-level permissions",
    "xray:GetSamplingRules": "X-Ray tracing has no resource-level permissions",
    "xray:GetSamplingTargets": "X-Ray tracing has no resource-level permissions",
    "cloudwatch:PutMetricData": "no resource-level permissions; always paired with a cloudwatch:namespace condition",
    "sagemaker:ListDomains": "listing Studio domains has no resource-level permissions (Studio launch page)",
    "sagemaker:ListUserProfiles": "listing user profiles has no resource-level permissions (Studio launch page)",
    "sagemaker:ListApps": "listing apps has no resource-level permissions (Studio launch page)",
    "sagemaker:ListSpaces": "listing spaces has no resource-level permissions (Studio web portal)",
    "ec2:DescribeNetworkInterfaces": "SageMaker jobs in a VPC (execution role); EC2 Describe calls have no resource-level permissions",
    "ec2:DescribeVpcs": "SageMaker jobs in a VPC (execution role); EC2 Describe calls have no resource-level permissions",
    "ec2:DescribeDhcpOptions": "SageMaker jobs in a VPC (execution role); EC2 Describe calls have no resource-level permissions",
    "ec2:DescribeSubnets": "SageMaker jobs in a VPC (execution role); EC2 Describe calls have no resource-level permissions",
    "ec2:DescribeSecurityGroups": "SageMaker jobs in a VPC (execution role); EC2 Describe calls have no resource-level permissions",
};

function asList(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** Accepts a document as JSON text or as an object; returns undefined when it is not a policy document. */
export function parsePolicyDocument(value: unknown): PolicyDocument | undefined {
    let doc = value;
    if (typeof value === "string") {
        try {
            doc = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    if (doc && typeof doc === "object" && "Statement" in (doc as object)) {
        return doc as PolicyDocument;
    }
    return undefined;
}

export function statementsOf(doc: PolicyDocument): NormalisedStatement[] {
    const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    return raw
        .filter((s): s is Record<string, any> => !!s && typeof s === "object")
        .map((s) => {
            const principal = s.Principal;
            const principals: Record<string, string[]> = {};
            if (principal && typeof principal === "object") {
                for (const [k, v] of Object.entries(principal)) principals[k] = asList(v);
            }
            const conditions: Record<string, Record<string, string[]>> = {};
            for (const [op, block] of Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
                conditions[op] = {};
                for (const [k, v] of Object.entries(block ?? {})) conditions[op][k] = asList(v);
            }
            return {
                sid: s.Sid,
                effect: s.Effect === "Deny" ? "Deny" : "Allow",
                actions: asList(s.Action),
                notActions: asList(s.NotAction),
                resources: asList(s.Resource),
                notResources: asList(s.NotResource),
                principals,
                anyPrincipal: principal === "*" || asList(principals.AWS).includes("*"),
                conditions,
            } as NormalisedStatement;
        });
}

/** Value of a condition key under any operator (keys are case-insensitive in IAM). */
export function conditionValues(st: NormalisedStatement, key: string, operators?: string[]): string[] | undefined {
    for (const [op, block] of Object.entries(st.conditions)) {
        if (operators && !operators.includes(op)) continue;
        for (const [k, v] of Object.entries(block)) {
            if (k.toLowerCase() === key.toLowerCase()) return v;
        }
    }
    return undefined;
}

/** True when `pattern` (IAM wildcards `*` and `?`) matches `action`, case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
    const re = new RegExp(
        "^" +
            pattern
                .split("")
                .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
                .join("") +
            "$",
        "i",
    );
    return re.test(action);
}

/**
 * True for `*` and for ARNs that match as much: a wildcard partition or service, any account
 * (`arn:aws:iam::*:role/*`), a truncated ARN (`arn:aws:logs:*`), or a resource part of only wildcards
 * (`arn:aws:s3:::*`, `arn:aws:codecommit:*:*:*`). Seed 001 scoped its statements like that.
 */
export function isWildcardResource(resource: string): boolean {
    if (resource === "*") return true;
    const parts = resource.split(":");
    if (parts[0] !== "arn") return false;
    if (parts.length < 6) return parts.some((p) => p.includes("*"));
    const [, partition, service, , account, ...rest] = parts;
    if (partition.includes("*") || service.includes("*") || account === "*") return true;
    return /^[*:?]+$/.test(rest.join(":"));
}

export interface IamFinding {
    /** Stable identifier of the rule the statement breaks. */
    rule: "wildcard-action" | "not-action-allow" | "resource-star" | "not-resource-allow" | "passrole-unscoped";
    statement: string;
    message: string;
}

function label(st: NormalisedStatement, index: number): string {
    return st.sid ? `statement "${st.sid}"` : `statement #${index + 1}`;
}

/**
 * Least-privilege findings of an identity policy (role, user, group or managed policy): no wildcard
 * actions, no Allow with NotAction/NotResource, `Resource: "*"` only for allow-listed actions, and
 * `iam:PassRole` only with an `iam:PassedToService` condition.
 */
export function identityPolicyFindings(
    doc: PolicyDocument,
    allowedResourceStarActions: Iterable<string> = Object.keys(RESOURCE_STAR_ACTIONS),
): IamFinding[] {
    const allowed = new Set([...allowedResourceStarActions].map((a) => a.toLowerCase()));
    const findings: IamFinding[] = [];
    statementsOf(doc).forEach((st, i) => {
        if (st.effect !== "Allow") return;
        const where = label(st, i);
        const wildcards = st.actions.filter((a) => a.includes("*") || a.includes("?"));
        if (wildcards.length > 0) {
            findings.push({
                rule: "wildcard-action",
                statement: where,
                message: `${where} allows wildcard action(s) ${wildcards.join(", ")}: list the exact actions the workload calls`,
            });
        }
        if (st.notActions.length > 0) {
            findings.push({
                rule: "not-action-allow",
                statement: where,
                message: `${where} allows NotAction ${st.notActions.join(", ")}, which grants every other action: list the allowed actions instead`,
            });
        }
        if (st.notResources.length > 0) {
            findings.push({
                rule: "not-resource-allow",
                statement: where,
                message: `${where} allows on NotResource, which grants every other resource: list the resources instead`,
            });
        }
        const wildcard = st.resources.find(isWildcardResource);
        if (wildcard !== undefined) {
            const notAllowed = st.actions.filter((a) => !allowed.has(a.toLowerCase()));
            if (notAllowed.length > 0) {
                const spelled = wildcard === "*" ? 'Resource "*"' : `Resource "${wildcard}" (as good as "*")`;
                findings.push({
                    rule: "resource-star",
                    statement: where,
                    message: `${where} allows ${notAllowed.join(", ")} on ${spelled}: scope it to ARNs (only actions without resource-level permissions, listed in the allowedResourceStarActions allow-list, may use "*")`,
                });
            }
            if (st.actions.some((a) => a.toLowerCase() === "cloudwatch:putmetricdata") && !conditionValues(st, "cloudwatch:namespace")) {
                findings.push({
                    rule: "resource-star",
                    statement: where,
                    message: `${where} allows cloudwatch:PutMetricData on "*" without a cloudwatch:namespace condition: add one naming the metric namespace`,
                });
            }
        }
        const passRole = st.actions.some((a) => actionMatches(a, "iam:PassRole"));
        if (passRole && !conditionValues(st, "iam:PassedToService")) {
            findings.push({
                rule: "passrole-unscoped",
                statement: where,
                message: `${where} allows iam:PassRole without an iam:PassedToService condition: add Condition StringEquals iam:PassedToService <service>.amazonaws.com`,
            });
        }
        const anyRole = st.resources.find(isWildcardResource);
        if (passRole && anyRole !== undefined) {
            findings.push({
                rule: "passrole-unscoped",
                statement: where,
                message: `${where} allows iam:PassRole on Resource "${anyRole}": list the role ARNs that may be passed`,
            });
        }
    });
    return findings;
}

/** Service principals a trust policy lets assume the role, and whether it trusts any principal. */
export function trustedPrincipals(doc: PolicyDocument): { services: string[]; other: string[]; any: boolean } {
    const services = new Set<string>();
    const other = new Set<string>();
    let any = false;
    for (const st of statementsOf(doc)) {
        if (st.effect !== "Allow") continue;
        if (st.anyPrincipal) any = true;
        for (const s of st.principals.Service ?? []) services.add(s);
        for (const [kind, values] of Object.entries(st.principals)) {
            if (kind !== "Service") values.forEach((v) => other.add(`${kind}:${v}`));
        }
    }
    return { services: [...services], other: [...other], any };
}
