import { judge } from "../../lib/documents";
import { PolicyMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

export const metadata: PolicyMetadata = {
    service: "ecr",
    severity: "critical",
    remediationSteps: [
        "Grant image pulls to named principals (accounts, roles or services) in the repository policy, or",
        "keep Principal \"*\" only with a condition that limits who or from where: aws:PrincipalOrgID, aws:SourceVpce, aws:SourceArn or aws:SourceAccount.",
        "A condition such as aws:SecureTransport does not make a public grant private.",
    ],
    url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html",
    frameworks: { nist: ["AC-3", "AC-21"] },
    comparable: { checkov: ["CKV_AWS_32"], trivy: ["AVD-AWS-0032"] },
};

/** Repository policies, directly or through the template new repositories are created from. */
const POLICY_PROPERTY: Record<string, string> = {
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
    "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": "repositoryPolicy",
};

/**
 * ECR repositories are not public: no repository policy (or repository creation template policy) grants any
 * principal, `{AWS: "*"}` or NotPrincipal, without a condition that limits who or from where. A policy that
 * cannot be read is reported, not passed.
 */
export const ecrRepositoryNotPublic = resourceCheck({
    name: "ecr-repository-not-public",
    description: "ECR repository policies grant no public access: no \"*\" principal without a condition on who or from where.",
    severity: metadata.severity,
    types: Object.keys(POLICY_PROPERTY),
    metadata,
    check: (props, report, args) => {
        const property = POLICY_PROPERTY[args.type];
        const document = props[property];
        if (document === undefined || document === null || document === "") return;
        for (const finding of judge(document, "resource")) {
            if (finding.rule === "public" || finding.rule === "unparseable") report(`${property} ${finding.problem}`, finding.fix);
        }
    },
});
