/**
 * AWS-managed policies that are admin-equivalent for a service or the account, and every resource that
 * attaches a managed policy, so one test covers every way to attach.
 */

/**
 * AWS-managed policy ARNs (any partition, any path) that grant administration or a whole service:
 * AdministratorAccess and its variants, PowerUserAccess, IAMFullAccess, and every `*FullAccess`
 * (`AmazonS3FullAccess`, `AWSLambda_FullAccess`, `CloudWatchFullAccessV2`, `AmazonSageMakerFullAccess`).
 */
const ADMIN_EQUIVALENT = /^arn:aws[a-z-]*:iam::aws:policy\/(?:[\w+=,.@-]+\/)*(AdministratorAccess[\w-]*|PowerUserAccess|[\w+=,.@-]*FullAccess(V\d+)?)$/;

export function isAdminEquivalentManagedPolicy(arn: unknown): boolean {
    return typeof arn === "string" && ADMIN_EQUIVALENT.test(arn);
}

/** Resource types that attach managed policies, with the property (or properties) holding the ARNs. */
export const MANAGED_POLICY_ATTACHMENTS: Readonly<Record<string, string[]>> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["policyArn"],
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": ["policyArn"],
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": ["policyArn"],
    "aws:iam/policyAttachment:PolicyAttachment": ["policyArn"],
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": ["policyArns"],
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": ["policyArns"],
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": ["policyArns"],
    "aws:iam/role:Role": ["managedPolicyArns"],
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": ["managedPolicyArn"],
    "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive": ["managedPolicyArns"],
};

/** Managed policy ARNs a resource attaches (strings only: unknown values are the caller's concern). */
export function attachedManagedPolicies(type: string, props: Record<string, unknown>): string[] {
    return (MANAGED_POLICY_ATTACHMENTS[type] ?? []).flatMap((prop) => {
        const v = props[prop];
        return (Array.isArray(v) ? v : [v]).filter((a): a is string => typeof a === "string");
    });
}
