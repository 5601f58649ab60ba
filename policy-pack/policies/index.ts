import { Policies } from "@pulumi/policy";
import { containerPolicies } from "./containers";
import { dataProtectionPolicies } from "./dataProtection";
import { iamPolicies } from "./iam";
import { kmsPolicies } from "./kms";
import { orchestrationPolicies } from "./orchestration";
import { s3Policies } from "./s3";
import { sagemakerPolicies } from "./sagemaker";
import { tagPolicies } from "./tags";

/** Every policy of the pack, grouped by service. Tests import this list; index.ts serves it. */
export const policies: Policies = [
    ...s3Policies,
    ...kmsPolicies,
    ...iamPolicies,
    ...tagPolicies,
    ...containerPolicies,
    ...orchestrationPolicies,
    ...dataProtectionPolicies,
    ...sagemakerPolicies,
];
