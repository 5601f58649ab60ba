import { runSimulation } from "@cloud-copilot/iam-simulate";

/**
 * Asks a real IAM policy simulator (@cloud-copilot/iam-simulate) whether a request is allowed, so
 * tests prove what documents do rather than how they are spelled.
 */
export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Question {
    principal: string;
    action: string;
    resource: string;
    /** Account that owns the resource; defaults to the principal's. */
    resourceAccount?: string;
    context?: Record<string, string | string[]>;
    identityPolicies?: object[];
    resourcePolicy?: object;
}

export async function decide(q: Question): Promise<Decision> {
    const account = q.resourceAccount ?? (/:(\d{12}):/.exec(q.principal)?.[1] ?? "123456789012");
    const response: any = await runSimulation(
        {
            request: {
                principal: q.principal,
                action: q.action,
                resource: { resource: q.resource, accountId: account },
                contextVariables: q.context ?? {},
            },
            identityPolicies: (q.identityPolicies ?? []).map((policy, i) => ({ name: `policy${i}`, policy })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: q.resourcePolicy,
        } as any,
        {},
    );
    if (response.resultType === "error") {
        throw new Error(`simulation of ${q.action} on ${q.resource} failed: ${JSON.stringify(response.errors)}`);
    }
    // A context key the action does not carry is ignored by the simulator, as by AWS: a question that
    // sets one is asking about a request that cannot exist (and a policy that tests it is suspect).
    const ignored: string[] = response.result?.ignoredContextKeys ?? [];
    if (ignored.length > 0) {
        throw new Error(`${q.action} carries no context key ${ignored.join(", ")}: the question (or the policy it tests) names a key AWS never sets for it`);
    }
    return response.overallResult as Decision;
}
