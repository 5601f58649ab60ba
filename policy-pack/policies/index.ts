import { Policies } from "@pulumi/policy";
import { exemptable, exemptionPolicies } from "../lib/exemptions";
import { accountPolicies } from "./accounts";
import { containerPolicies } from "./containers";
import { costBudget } from "./cost/cost-budget";
import { dataProtectionPolicies } from "./dataProtection";
import { deepChecks } from "./deepChecks";
import { iamPolicies } from "./iam";
import { kmsPolicies } from "./kms";
import { orchestrationPolicies } from "./orchestration";
import { s3Policies } from "./s3";
import { sagemakerPolicies } from "./sagemaker";
import { tagPolicies } from "./tags";

const guardrails: Policies = [
    ...s3Policies,
    ...kmsPolicies,
    ...iamPolicies,
    ...tagPolicies,
    ...containerPolicies,
    ...orchestrationPolicies,
    ...dataProtectionPolicies,
    ...sagemakerPolicies,
    ...accountPolicies,
    costBudget,
    ...deepChecks,
];

/**
 * Every policy of the pack, grouped by service, each honouring exemption tags with a reason, plus the two
 * policies that list and check exemptions. Tests import this list; index.ts serves it.
 */
export const policies: Policies = [...guardrails.map(exemptable), ...exemptionPolicies(guardrails.map((p) => p.name))];
