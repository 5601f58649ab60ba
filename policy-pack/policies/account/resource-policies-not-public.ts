import { judge } from "../../lib/documents";
import { PolicyMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { maybeJson, whenKnown } from "../../lib/values";

export const metadata: PolicyMetadata = {
    service: "account",
    severity: "critical",
    remediationSteps: [
        "Name the principals (accounts, roles, services) in every Allow statement of the resource policy, or",
        "keep Principal \"*\" only with a condition that limits who or from where: aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, aws:SourceVpc, aws:SourceIp, aws:SourceArn or aws:SourceAccount.",
        "aws:SecureTransport and other conditions on the request do not make a public grant private; NotPrincipal with Allow grants everyone else.",
        "To find cross-account grants too, list your accounts in the policy's trustedAccounts config (or the provider's allowedAccountIds).",
    ],
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html",
    frameworks: { fsbp: ["SNS.4", "SQS.3"], nist: ["AC-3", "AC-21"] },
    comparable: { checkov: ["CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_33"] },
};

/**
 * Resource types that carry a resource policy, with the property holding it. S3 bucket policies, KMS keys'
 * inline policies, ECR repositories and Lambda permissions have policies of their own in the pack.
 */
export const RESOURCE_POLICY_PROPERTY: Readonly<Record<string, string>> = {
    "aws:sns/topic:Topic": "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:sqs/queue:Queue": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:secretsmanager/secret:Secret": "policy",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
    "aws:kms/keyPolicy:KeyPolicy": "policy",
    "aws:glue/resourcePolicy:ResourcePolicy": "policy",
    "aws:sagemaker/modelPackageGroupPolicy:ModelPackageGroupPolicy": "resourcePolicy",
    "aws:efs/fileSystemPolicy:FileSystemPolicy": "policy",
    "aws:backup/vaultPolicy:VaultPolicy": "policy",
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": "policy",
    "aws:opensearch/domain:Domain": "accessPolicies",
    "aws:opensearch/domainPolicy:DomainPolicy": "accessPolicies",
};

/**
 * Resource policies of every service that has one are judged by meaning: an Allow to any principal (`"*"`,
 * `{AWS: "*"}`, NotPrincipal) without a condition on who or from where is public; with trusted accounts
 * configured, an Allow to another account's principal without an organisation condition is cross-account.
 * A policy that cannot be parsed is reported (fail closed).
 */
export const resourcePoliciesNotPublic = resourceCheck({
    name: "resource-policies-not-public",
    description: "Resource policies (SNS, SQS, Secrets Manager, KMS KeyPolicy, Glue, SageMaker model package groups, EFS, Backup, EventBridge, OpenSearch) grant nothing to the public, nor to untrusted accounts.",
    severity: metadata.severity,
    types: Object.keys(RESOURCE_POLICY_PROPERTY),
    metadata,
    configSchema: {
        properties: {
            trustedAccounts: { type: "array", items: { type: "string" }, default: [], description: "Account IDs grants may name; any other account is cross-account. Empty: only public grants are reported." },
        },
    },
    check: (props, report, args) => {
        const property = RESOURCE_POLICY_PROPERTY[args.type];
        const document = props[property];
        if (document === undefined || document === null || document === "") return;
        const providerAccounts = (maybeJson(whenKnown(() => (args.provider?.props as any)?.allowedAccountIds)) as string[] | undefined) ?? [];
        const ownAccounts = [...(args.getConfig<{ trustedAccounts?: string[] }>().trustedAccounts ?? []), ...providerAccounts];
        for (const finding of judge(document, "resource", { ownAccounts })) {
            report(`${property} ${finding.problem}`, finding.fix);
        }
    },
});
