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
 * True for a resource that means "every resource of a kind" rather than named ones: `*`; an ARN with a
 * wildcard partition, service or account; a truncated ARN with a wildcard; or a resource part whose first
 * segment (the resource type and name, or an S3 bucket name) is only wildcards or is a type followed by a
 * wildcard name (`role/*`, `table/*`, `bucket*`). `arn:aws:s3:::my-bucket/*` names one bucket and is not one.
 */
export function isWildcardResource(resource: string): boolean {
    if (resource === "*" || /^[*?]+$/.test(resource)) return true;
    if (!resource.startsWith("arn:")) return false;
    const arn = parseArn(resource);
    if (!arn) return hasWildcard(resource);
    if (hasWildcard(arn.partition) || hasWildcard(arn.service) || hasWildcard(arn.account)) return true;
    if (arn.resource === "") return false;
    if (/^[*?:/]+$/.test(arn.resource)) return true;
    if (NAME_FIRST.has(arn.service)) {
        // arn:aws:s3:::bucket/key, arn:aws:sns:r:a:topic, arn:aws:execute-api:r:a:api-id/stage/...: the first
        // segment names the resource, so a wildcard there grants every one.
        return /^[*?]/.test(arn.resource.split("/")[0]);
    }
    if (arn.service === "apigateway") return /^\/?[^/]+\/[*?]/.test(arn.resource); // /restapis/*
    // type/name or type:name: a wildcard right after the type separator names every resource of the type.
    const m = /^([A-Za-z0-9_.-]+)[/:]+(.*)$/.exec(arn.resource);
    if (m) return /^[*?]/.test(m[2]) || m[2] === "";
    return /^[*?]/.test(arn.resource);
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
