import { statementsOrFinding, trustFindings } from "../../lib/documents";
import { PolicyMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

export const metadata: PolicyMetadata = {
    service: "iam",
    severity: "critical",
    remediationSteps: [
        "For a GitHub Actions OIDC trust, add StringEquals token.actions.githubusercontent.com:aud = sts.amazonaws.com and StringEquals/StringLike token.actions.githubusercontent.com:sub = repo:<org>/<repo>:<ref or environment>.",
        "For other OIDC providers, condition on <provider>:aud and <provider>:sub; for SAML, on SAML:aud and SAML:sub (or namequalifier); for Cognito identity pools, on cognito-identity.amazonaws.com:aud and :amr.",
        "Never use a negated operator or a bare wildcard for the subject: it lets every other identity of the provider in.",
    ],
    url: "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
    frameworks: { nist: ["AC-2", "IA-2", "IA-8"] },
    comparable: { checkov: ["CKV_AWS_358"], trivy: [] },
};

/**
 * Roles trusted by a federated identity provider (OIDC, SAML, Cognito) name the audience and the subjects
 * that may assume them: a GitHub OIDC trust without a `sub` condition lets any repository on GitHub in.
 * A trust policy that cannot be parsed is reported (fail closed).
 */
export const iamFederatedTrustConditioned = resourceCheck({
    name: "iam-federated-trust-conditioned",
    description: "IAM roles trusted by OIDC, SAML or Cognito providers condition on the token's audience and on named subjects.",
    severity: metadata.severity,
    types: ["aws:iam/role:Role"],
    metadata,
    check: (props, report) => {
        const parsed = statementsOrFinding(props.assumeRolePolicy);
        if ("finding" in parsed) return report(`assumeRolePolicy ${parsed.finding.problem}`, parsed.finding.fix);
        for (const finding of trustFindings(parsed.document).filter((f) => f.rule === "trust-federated-unconditioned")) {
            report(finding.problem, finding.fix);
        }
    },
});
