import { MANAGED_POLICY_ATTACHMENTS, isAdminEquivalentManagedPolicy } from "../../lib/documents";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "iam",
    severity: "critical",
    remediationSteps: [
        "Detach the AWS-managed administrator or full-access policy.",
        "Attach a policy that lists the actions and resources the principal needs.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1",
    frameworks: {
        cis: ["1.16"],
        fsbp: ["IAM.1"],
        nist: ["AC-6"],
    },
    comparable: {
        checkov: ["CKV_AWS_274"],
        cdkNag: ["AwsSolutions-IAM4"],
    },
    source: "seed 002 (least privilege)",
};

/**
 * Managed-policy ARNs a resource attaches, from every property that attaches them. An ARN unknown in preview
 * is the output of a policy the program creates (customer-managed, judged by iam-least-privilege), never an
 * AWS-managed one, so it is left out rather than holding back the known ones; a whole list unknown ends the
 * check for this resource (reported as a preview skip).
 */
function attachedArns(type: string, props: Record<string, any>): string[] {
    const arns: string[] = [];
    for (const prop of MANAGED_POLICY_ATTACHMENTS[type] ?? []) {
        const value = props[prop];
        // Read element by element: iterating the list would read (and stop at) an unknown element.
        const list: unknown[] = Array.isArray(value) ? Array.from({ length: value.length }, (_, i) => whenKnown(() => value[i])) : [value];
        arns.push(...list.filter((a): a is string => typeof a === "string"));
    }
    return arns;
}

/**
 * No admin-equivalent AWS-managed policy (AdministratorAccess and its variants, PowerUserAccess, every
 * `*FullAccess`) attached by any resource that attaches managed policies: role, user and group attachments,
 * policy attachments, the exclusive attachments, a role's managedPolicyArns, IAM Identity Center permission sets.
 */
export const iamNoAdminManagedPolicies = withMetadata(resourceCheck({
    name: "iam-no-admin-managed-policies",
    description: "No AWS-managed administrator or full-access policy is attached to a role, user, group or permission set.",
    types: Object.keys(MANAGED_POLICY_ATTACHMENTS),
    check: (props, report, args) => {
        for (const arn of attachedArns(args.type, props)) {
            if (isAdminEquivalentManagedPolicy(arn)) report(`attaches ${arn.split("/").pop()}`, "attach a policy that lists the actions and resources the principal needs");
        }
    },
}), metadata);
