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

/** AWS-managed policies that grant administration or whole services. */
const ADMIN_MANAGED = /:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]+FullAccess)$/;

export const iamNoAdminManagedPolicies = withMetadata(resourceCheck({
    name: "iam-no-admin-managed-policies",
    description: "No AWS-managed administrator or full-access policy is attached to a role, user or group.",
    types: [
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "aws:iam/policyAttachment:PolicyAttachment",
        "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
        "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        "aws:iam/role:Role",
    ],
    check: (props, report) => {
        const arns = [props.policyArn, ...((whenKnown(() => props.managedPolicyArns) as string[] | undefined) ?? [])].filter((a): a is string => typeof a === "string");
        for (const arn of arns) {
            if (ADMIN_MANAGED.test(arn)) report(`attaches ${arn.split("/").pop()}`, "attach a policy that lists the actions and resources the principal needs");
        }
    },
}), metadata);
