import { PolicyResource } from "@pulumi/policy";
import { ResourceCost, StackCost, costResourcesOf, estimateStack, mostExpensive, roundUsd } from "../../lib/cost";
import { PolicyMetadata } from "../../lib/metadata";
import { stackCheck } from "../../lib/resourceCheck";
import { environmentOf } from "../../lib/values";

/**
 * The stack's estimated monthly fixed cost (what it costs idle: endpoints per AZ, NAT gateways, keys,
 * instances...) stays within the budget the pack config sets for its environment tag value. The
 * estimate is the one the offline plan prints, from the price table inside the pack, so it runs the
 * same in `pulumi preview` and offline.
 */

export interface CostBudgetConfig {
    /** Monthly fixed-cost budget in USD per value of the `environment` tag, e.g. `{"dev": 100, "prod": 1500}`. */
    budgets?: Record<string, number>;
    /** Budget for environments `budgets` does not name; none when unset. */
    defaultBudget?: number;
}

const usd = (value: number) => `USD ${value.toFixed(2)}`;

function line(cost: ResourceCost): string {
    const items = cost.fixed.map((f) => f.description).join("; ");
    return `${cost.type.split(":").pop()} "${cost.name}" ${usd(cost.monthlyFixedUsd)} (${items})`;
}

/** Resources grouped by the environment tag they end up with; untagged ones join the stack's only environment. */
function byEnvironment(resources: PolicyResource[]): Map<string | undefined, PolicyResource[]> {
    const groups = new Map<string | undefined, PolicyResource[]>();
    const environments = resources.map((r) => environmentOf(r.props, r.provider));
    const tagged = new Set(environments.filter((e) => e !== undefined));
    const only = tagged.size === 1 ? [...tagged][0] : undefined;
    resources.forEach((r, i) => {
        const env = environments[i] ?? only;
        // Appended in place: copying the group for each resource was quadratic in the stack's size.
        const group = groups.get(env);
        if (group) group.push(r);
        else groups.set(env, [r]);
    });
    return groups;
}

function overBudgetMessage(environment: string, cost: StackCost, budget: number): string {
    const top = mostExpensive(cost, 5);
    const noPrice = cost.resources.filter((r) => r.noPrice.length > 0).length;
    return [
        `The estimated monthly fixed cost of environment "${environment}" is ${usd(cost.monthlyFixedUsd)}${cost.lowerBound ? " at least" : ""}, over its budget of ${usd(budget)} by ${usd(roundUsd(cost.monthlyFixedUsd - budget))}.`,
        `The five most expensive resources: ${top.map((r, i) => `${i + 1}. ${line(r)}`).join("; ")}.`,
        ...(cost.lowerBound ? ["Some quantities are unknown until the update (e.g. an endpoint's subnets): the figure is a lower bound."] : []),
        ...(noPrice > 0 ? [`${noPrice} resource(s) have items without a price in the table and are not counted.`] : []),
        ...(cost.monthlyFixedUnverifiedUsd > 0
            ? [`${usd(cost.monthlyFixedUnverifiedUsd)} of the figure comes from unverified prices in the pack's table (entered from knowledge, not checked against a source; \`npm run prices -- --write\` regenerates them).`]
            : []),
        `Fix: lower the fixed cost (interface endpoints in fewer AZs, fewer NAT gateways, smaller or fewer instances), or raise budgets.${environment} in the pack config if the cost is intended.`,
    ].join(" ");
}

const metadata: PolicyMetadata = {
    service: "account",
    severity: "low",
    remediationSteps: [
        "Run `npm run plan -- --stack <stack>` and read the fixed costs per resource and per component.",
        "Remove or shrink the most expensive fixed items: interface endpoints in fewer AZs or only those the workloads use, fewer NAT gateways, smaller instances.",
        "If the cost is intended, raise the environment's entry in the policy's `budgets` config.",
    ],
    url: "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html",
    frameworks: {},
};

export const costBudget = stackCheck({
    name: "cost-budget",
    description: "The stack's estimated monthly fixed cost stays within the budget the pack config sets for its environment.",
    enforcementLevel: "advisory",
    metadata,
    configSchema: {
        properties: {
            budgets: {
                type: "object",
                additionalProperties: { type: "number", minimum: 0 },
                default: {},
                description: "Monthly fixed-cost budget in USD per environment tag value, e.g. {\"dev\": 100, \"prod\": 1500}.",
            },
            defaultBudget: { type: "number", minimum: 0, description: "Budget in USD for environments budgets does not name (none when unset)." },
        },
    },
    validateStack: (args, report) => {
        const config = args.getConfig<CostBudgetConfig>();
        for (const [environment, resources] of byEnvironment(args.resources)) {
            if (environment === undefined) continue;
            const budget = config.budgets?.[environment] ?? config.defaultBudget;
            if (budget === undefined) continue;
            const cost = estimateStack(costResourcesOf(resources));
            // A lower bound over the budget is over it; a lower bound under it says nothing (no false positive).
            if (cost.monthlyFixedUsd > budget) report(overBudgetMessage(environment, cost, budget));
        }
    },
});
