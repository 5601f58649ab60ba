import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "iam",
    severity: "high",
    remediationSteps: [
        "Give people access through IAM Identity Center (or your IdP).",
        "Give workloads roles instead of users and access keys.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2",
    frameworks: {
        cis: ["1.15", "1.21"],
        fsbp: ["IAM.2"],
        nist: ["AC-2", "IA-2"],
    },
    comparable: {
        checkov: ["CKV_AWS_273"],
        trivy: ["AVD-AWS-0143"],
    },
    source: "seed 002 (groups optional, federation preferred)",
};

/** Policies that forbid a resource type outright: a stack without one is their compliant case. */
export const PROHIBITIONS = ["iam-no-users-or-access-keys"];

export const iamNoUsersOrAccessKeys = withMetadata(resourceCheck({
    name: "iam-no-users-or-access-keys",
    description: "No IAM users, user policies or access keys: people sign in through federation, workloads use roles.",
    types: ["aws:iam/user:User", "aws:iam/accessKey:AccessKey", "aws:iam/userPolicy:UserPolicy", "aws:iam/userPolicyAttachment:UserPolicyAttachment", "aws:iam/userLoginProfile:UserLoginProfile"],
    check: (_props, report, args) => {
        const what = args.type.split(":").pop();
        report(`is an IAM ${what}`, "use IAM Identity Center (or your IdP) for people and roles for workloads; long-lived keys are what leaks");
    },
}), metadata);
