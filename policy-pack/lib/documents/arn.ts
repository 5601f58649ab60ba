/**
 * Wildcards in ARNs and actions, on every shape AWS accepts: `*`, `arn:aws:s3:::*` with any key,
 * `arn:aws:iam::*:role/*`, `arn:*:logs:*` (truncated), and `*` or `?` inside a segment.
 */

export interface Arn {
    partition: string;
    service: string;
    region: string;
    account: string;
    /** Everything after the account, e.g. "role/app", "bucket/key/*", "log-group:/x:*". */
    resource: string;
}

/** The parts of an ARN, or undefined when the text is not one (`*`, a bare name, a truncated ARN). */
export function parseArn(text: string): Arn | undefined {
    const parts = text.split(":");
    if (parts[0] !== "arn" || parts.length < 6) return undefined;
    const [, partition, service, region, account, ...rest] = parts;
    return { partition, service, region, account, resource: rest.join(":") };
}

const hasWildcard = (s: string): boolean => s.includes("*") || s.includes("?");

/**
 * True for a resource that is as good as `*`: `*`; an ARN with a wildcard partition, service or account
 * (`arn:aws:iam::*:role/*`); a truncated ARN with a wildcard (`arn:aws:logs:*`); a resource part of only
 * wildcards (`arn:aws:sns:us-east-1:123456789012:*`); or, for services whose ARNs start with the resource's
 * name (S3, SNS, SQS, API Gateway execute-api), a name that starts with a wildcard (`arn:aws:s3:::*` with any
 * key). `arn:aws:s3:::my-bucket/*` names one bucket and is not one; `role/*` in a named account is judged by
 * `isEveryResourceOfType`.
 */
export function isWildcardResource(resource: string): boolean {
    if (resource === "*" || /^[*?]+$/.test(resource)) return true;
    if (!resource.startsWith("arn:")) return false;
    const arn = parseArn(resource);
    if (!arn) return hasWildcard(resource);
    if (hasWildcard(arn.partition) || hasWildcard(arn.service) || hasWildcard(arn.account)) return true;
    if (arn.resource === "") return false;
    if (/^[*?:/]+$/.test(arn.resource)) return true;
    if (NAME_FIRST.has(arn.service)) return /^[*?]/.test(arn.resource.split("/")[0]);
    if (arn.service === "apigateway") return /^\/?[^/]+\/[*?]/.test(arn.resource); // /restapis/*
    return false;
}

/**
 * True for an ARN that names every resource of one type in an account: `role/*`, `table/*`,
 * `log-group:*`, `stateMachine:*` (as well as anything `isWildcardResource` accepts). Stricter than
 * `isWildcardResource`: right for `iam:PassRole` (which must name roles), too strict for actions on resources
 * whose names are chosen at run time (training jobs, Studio apps).
 */
export function isEveryResourceOfType(resource: string): boolean {
    if (isWildcardResource(resource)) return true;
    const arn = parseArn(resource);
    if (!arn || NAME_FIRST.has(arn.service)) return false;
    const m = /^([A-Za-z0-9_.-]+)[/:]+(.*)$/.exec(arn.resource);
    return m ? /^[*?]/.test(m[2]) || m[2] === "" : /^[*?]/.test(arn.resource);
}

/** Services whose ARNs name the resource right after the account, without a resource type. */
const NAME_FIRST = new Set(["s3", "sns", "sqs", "execute-api"]);

/** True when `pattern` (IAM wildcards `*` and `?`) matches `value`, case-insensitively. */
export function wildcardMatches(pattern: string, value: string): boolean {
    return compile(pattern).test(value);
}

const compiled = new Map<string, RegExp>();
function compile(pattern: string): RegExp {
    let re = compiled.get(pattern);
    if (!re) {
        const body = pattern
            .split("")
            .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
            .join("");
        re = new RegExp(`^${body}$`, "i");
        if (compiled.size > 10_000) compiled.clear();
        compiled.set(pattern, re);
    }
    return re;
}

/** True when an action pattern grants `action` (`s3:Get*` grants `s3:GetObject`, `*` grants everything). */
export function actionMatches(pattern: string, action: string): boolean {
    return wildcardMatches(pattern, action);
}

/** True when the statement's actions (or, for NotAction, everything but them) include `action`. */
export function grantsAction(st: { actions: string[]; notActions: string[] }, action: string): boolean {
    if (st.notActions.length) return !st.notActions.some((p) => actionMatches(p, action));
    return st.actions.some((p) => actionMatches(p, action));
}

/** True for an action pattern with a wildcard: `*`, `s3:*`, `s3:Get*`, `s3:?etObject`. */
export function isWildcardAction(action: string): boolean {
    return hasWildcard(action);
}
