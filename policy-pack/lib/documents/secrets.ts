/**
 * Plaintext secrets, by name and by value: environment variables, connection properties and parameters
 * whose name says secret and whose value is not a reference, and values that are secrets whatever their
 * name (URIs with a password, tokens with a known shape, private keys, AWS access keys).
 */

/** Name words that mean the value is a secret. */
const SECRET_NAME = /(^|[^a-z])(pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|apikey|private[-_]?key|credentials?|access[-_]?key|auth[-_]?key|client[-_]?secret|signing[-_]?key|conn(ection)?[-_]?str(ing)?)([^a-z]|$)/i;

/** Name endings that mean the value only points at a secret (its ARN, id, name, path, file or URL). */
const REFERENCE_NAME = /([-_.]|^)(arn|id|name|path|file|url|uri|endpoint|parameter|param|ref|key[-_]?id|secret[-_]?id|version|ttl|length|expiry|expires|enabled|header)$/i;

/** Values that are references or flags, not secrets: ARNs, dynamic references, parameter paths, booleans, numbers, empty. */
function isReferenceValue(value: string): boolean {
    return /^(true|false|yes|no|on|off|enabled|disabled|\d+)$/i.test(value.trim()) || /^arn:/.test(value) || /^\{\{resolve:/.test(value) || /^\/[\w./-]+$/.test(value) || /^\$\{.*\}$/.test(value) || value.trim() === "";
}

/** Shapes of secrets, named for messages. */
const SECRET_VALUES: Array<[string, RegExp]> = [
    ["a URI with a password", /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
    ["a private key", /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/],
    ["an AWS access key", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
    ["a GitHub token", /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/],
    ["a Slack token", /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
    ["a Stripe secret key", /\b(sk|rk)_live_[A-Za-z0-9]{16,}/],
    ["a Google API key", /\bAIza[0-9A-Za-z_-]{35}\b/],
    ["a JSON Web Token", /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
    ["a password in a connection string", /(^|;)\s*(password|pwd)\s*=\s*[^;\s]+/i],
];

/** The same shapes, found anywhere in a longer text (user data, scripts, JSON). */
const SECRET_IN_TEXT: Array<[string, RegExp]> = SECRET_VALUES.map(([kind, re]) => [kind, new RegExp(re.source.replace(/^\^/, "\\b").replace(/^\(\^\|;\)/, "(^|[;\\s\"'])"), re.flags + "m")]);

/** Kinds of secrets found anywhere in a text, e.g. instance user data (empty when none). */
export function secretKindsInText(text: unknown): string[] {
    if (typeof text !== "string" || text.length < 8) return [];
    return SECRET_IN_TEXT.filter(([, re]) => re.test(text)).map(([kind]) => kind);
}

/** The kind of secret a value is by its shape, or undefined. */
export function secretValueKind(value: unknown): string | undefined {
    if (typeof value !== "string" || value.length < 8) return undefined;
    return SECRET_VALUES.find(([, re]) => re.test(value))?.[0];
}

/** True for a name that says its value is a secret (`DB_PASSWORD`, `apiKey`), not a pointer to one (`DB_PASSWORD_ARN`). */
export function isSecretName(name: string): boolean {
    const spaced = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2");
    return SECRET_NAME.test(spaced) && !REFERENCE_NAME.test(spaced);
}

export interface PlaintextSecret {
    name: string;
    /** "a secret-looking name" or the kind of secret the value is. */
    why: string;
}

/**
 * Plaintext secrets among name/value pairs (an environment map, a list of {name, value}, connection
 * properties). A secret name with a reference value (ARN, `{{resolve:...}}`, a parameter path) is fine;
 * a secret value is a finding under any name.
 */
export function plaintextSecrets(entries: Record<string, unknown> | Array<{ name?: unknown; value?: unknown }> | undefined): PlaintextSecret[] {
    if (!entries || typeof entries !== "object") return [];
    const pairs: Array<[string, unknown]> = Array.isArray(entries) ? entries.map((e) => [String(e?.name ?? ""), e?.value]) : Object.entries(entries);
    const found: PlaintextSecret[] = [];
    for (const [name, value] of pairs) {
        const kind = secretValueKind(value);
        if (kind) found.push({ name, why: kind });
        else if (typeof value === "string" && isSecretName(name) && !isReferenceValue(value)) found.push({ name, why: "a secret-looking name" });
    }
    return found;
}

/**
 * True when an SSM parameter name looks like a secret however its path is built (`/app/db/password`,
 * `/app/DB_PASSWORD`, `/app/password/db`): any path segment with a secret word counts.
 */
export function isSecretParameterName(name: string): boolean {
    return name
        .split("/")
        .filter(Boolean)
        .some((segment) => isSecretName(segment));
}
