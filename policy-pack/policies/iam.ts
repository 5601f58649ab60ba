import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { LinkIndex } from "../lib/links";
import { RESOURCE_STAR_ACTIONS, identityPolicyFindings, parsePolicyDocument, trustedPrincipals } from "../lib/iamDocument";
import { describe, isSetByProgram, isUnknown, skippedInPreview } from "../lib/values";

/** Identity-policy documents of a resource: property name -> document text, for the IAM types that have them. */
function identityDocuments(type: string, props: Record<string, any>): Array<{ where: string; read: () => unknown }> {
    switch (type) {
        case "aws:iam/rolePolicy:RolePolicy":
        case "aws:iam/policy:Policy":
        case "aws:iam/userPolicy:UserPolicy":
        case "aws:iam/groupPolicy:GroupPolicy":
            return [{ where: "policy", read: () => props.policy }];
        case "aws:iam/role:Role": {
            if (isUnknown(() => props.inlinePolicies)) return [{ where: "inlinePolicies", read: () => props.inlinePolicies }];
            const inline = (props.inlinePolicies ?? []) as any[];
            return inline.map((p, i) => ({ where: `inlinePolicies[${i}] (${p?.name ?? "unnamed"})`, read: () => p?.policy }));
        }
        default:
            return [];
    }
}

/**
 * Least privilege in identity policies: no wildcard actions, no Allow with NotAction/NotResource,
 * `Resource: "*"` only for actions without resource-level permissions (a configurable allow-list),
 * `iam:PassRole` only to named roles and with `iam:PassedToService`.
 */
export const iamLeastPrivilege: ResourceValidationPolicy = {
    name: "iam-least-privilege",
    description: "IAM policies allow no wildcard actions, Resource \"*\" only for allow-listed actions, and iam:PassRole only with iam:PassedToService.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            allowedResourceStarActions: {
                type: "array",
                items: { type: "string" },
                default: Object.keys(RESOURCE_STAR_ACTIONS),
                description: "Actions that may be allowed on Resource \"*\" because they have no resource-level permissions.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const documents = identityDocuments(args.type, args.props);
        if (documents.length === 0) {
            if (args.type !== "aws:iam/role:Role") args.notApplicable("not an IAM identity policy");
            return;
        }
        const allowed = args.getConfig<{ allowedResourceStarActions?: string[] }>().allowedResourceStarActions ?? Object.keys(RESOURCE_STAR_ACTIONS);
        const unknown: string[] = [];
        for (const { where, read } of documents) {
            if (isUnknown(read)) {
                unknown.push(where);
                continue;
            }
            const doc = parsePolicyDocument(read());
            if (!doc) continue;
            for (const finding of identityPolicyFindings(doc, allowed)) {
                reportViolation(`${describe(args)} ${where}: ${finding.message}.`);
            }
        }
        if (unknown.length > 0) throw skippedInPreview(`for ${describe(args)} ${unknown.join(", ")}`);
    },
};

/** A role trusts exactly one AWS service, or named principals, never `*`. */
export const iamRoleTrust: ResourceValidationPolicy = {
    name: "iam-role-trust-scoped",
    description: "IAM role trust policies name no \"*\" principal and at most one service principal.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:iam/role:Role") args.notApplicable("applies to aws:iam/role:Role only");
        if (isUnknown(() => args.props.assumeRolePolicy)) throw skippedInPreview(`for ${describe(args)} assumeRolePolicy`);
        const doc = parsePolicyDocument(args.props.assumeRolePolicy);
        if (!doc) return;
        const trust = trustedPrincipals(doc);
        if (trust.any) {
            reportViolation(`${describe(args)} trusts any principal ("*"). Fix: name the service or account principals that may assume it in assumeRolePolicy.`);
        }
        if (trust.services.length > 1) {
            reportViolation(
                `${describe(args)} is trusted by ${trust.services.length} services (${trust.services.join(", ")}). Fix: create one role per service, each trusted by that service only.`,
            );
        }
    },
};

/**
 * A role's policies are managed in one place: inline on the role (inlinePolicies, managedPolicyArns) or
 * by separate RolePolicy / RolePolicyAttachment resources, never both, or each update undoes the other
 * (awsguard's iam-role-no-policy-management-conflicts).
 */
export const iamRolePolicyConflicts: StackValidationPolicy = {
    name: "iam-role-no-policy-management-conflicts",
    description: "IAM roles are not given policies both inline and through separate policy resources.",
    enforcementLevel: "mandatory",
    severity: "medium",
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
};

export const iamPolicies = [iamLeastPrivilege, iamRoleTrust, iamRolePolicyConflicts];
