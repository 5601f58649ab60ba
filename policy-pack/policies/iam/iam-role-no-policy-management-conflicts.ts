import { StackValidationPolicy } from "@pulumi/policy";
import { LinkIndex } from "../../lib/links";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { describe, isSetByProgram } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "iam",
    severity: "medium",
    remediationSteps: [
        "Keep one way of giving the role its policies: inline (inlinePolicies, managedPolicyArns) or separate RolePolicy / RolePolicyAttachment resources.",
        "Move the others over.",
    ],
    url: "https://www.pulumi.com/registry/packages/aws/api-docs/iam/role/",
    frameworks: {
    },
    comparable: {
        awsguard: ["iam-role-no-policy-management-conflicts"],
    },
    source: "awsguard",
};

/**
 * A role's policies are managed in one place: inline on the role (inlinePolicies, managedPolicyArns) or
 * by separate RolePolicy / RolePolicyAttachment resources, never both, or each update undoes the other
 * (awsguard's iam-role-no-policy-management-conflicts).
 */
export const iamRolePolicyConflicts = withMetadata<StackValidationPolicy>({
    name: "iam-role-no-policy-management-conflicts",
    description: "IAM roles are not given policies both inline and through separate policy resources.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const roles = args.resources.filter((r) => r.type === "aws:iam/role:Role");
        if (roles.length === 0) return;
        const separate = ["aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment"];
        const links = new LinkIndex(args.resources, ["aws:iam/role:Role"], separate, "role", ["name", "id"]);
        for (const role of roles) {
            // In preview, inlinePolicies/managedPolicyArns the program left out are unknown (the provider
            // computes them): that is not the program managing policies inline.
            const inline = isSetByProgram(role, "inlinePolicies") || isSetByProgram(role, "managedPolicyArns");
            const attached = separate.flatMap((t) => links.linked(role, t));
            if (inline && attached.length > 0) {
                report(
                    `${describe(role)} sets policies inline and through ${attached.map((a) => describe(a)).join(", ")}. Fix: keep one way: move the inline policies to RolePolicy resources (or the reverse).`,
                    role.urn,
                );
            }
        }
    },
}, metadata);
