import { Policies } from "@pulumi/policy";
import { composePolicies } from "../lib/compose";
import { GuardrailPolicy } from "../lib/metadata";
import { allowedRegions } from "./account/aws-allowed-regions";
import { costBudget } from "./account/cost-budget";
import { noPlaintextSecretsInConfiguration } from "./account/no-plaintext-secrets-in-configuration";
import { prodDataProtected } from "./account/prod-data-protected";
import { requiredTags } from "./account/required-tags";
import { requiredTagsRemediation } from "./account/required-tags-remediation";
import { resourcePoliciesNotPublic } from "./account/resource-policies-not-public";
import { athenaWorkgroupEncrypted } from "./athena/athena-workgroup-encrypted";
import { alarmHasActions } from "./cloudwatch/cloudwatch-alarm-has-actions";
import { codebuildEncrypted } from "./codebuild/codebuild-encrypted";
import { codebuildLogging } from "./codebuild/codebuild-logging";
import { codebuildLogGroupManaged } from "./codebuild/codebuild-log-group-managed";
import { codebuildNoPrivilegedMode } from "./codebuild/codebuild-no-privileged-mode";
import { defaultSecurityGroupClosed } from "./ec2/ec2-default-security-group-closed";
import { ec2Imdsv2Required } from "./ec2/ec2-imdsv2-required";
import { securityGroupNoPublicIngress } from "./ec2/security-group-no-public-ingress";
import { vpcFlowLogs } from "./ec2/vpc-flow-logs";
import { ecrImmutableTags } from "./ecr/ecr-immutable-tags";
import { ecrRepositoryNotPublic } from "./ecr/ecr-repository-not-public";
import { ecrScanOnPush } from "./ecr/ecr-scan-on-push";
import { ecsContainerLogging } from "./ecs/ecs-container-logging";
import { ecsNoPlaintextSecrets } from "./ecs/ecs-no-plaintext-secrets";
import { ecsNoPrivilegedContainers } from "./ecs/ecs-no-privileged-containers";
import { efsEncrypted } from "./elasticfilesystem/efs-encrypted";
import { codepipelineArtifactStoreCmk } from "./codepipeline/codepipeline-artifact-store-cmk";
import { manualApprovalBeforeProd } from "./codepipeline/codepipeline-manual-approval-before-prod";
import { eventTargetRole } from "./events/eventbridge-target-has-role";
import { glueDataCatalogEncrypted } from "./glue/glue-data-catalog-encrypted";
import { iamFederatedTrustConditioned } from "./iam/iam-federated-trust-conditioned";
import { iamLeastPrivilege } from "./iam/iam-least-privilege";
import { iamNoAdminManagedPolicies } from "./iam/iam-no-admin-managed-policies";
import { iamNoUsersOrAccessKeys } from "./iam/iam-no-users-or-access-keys";
import { iamRolePolicyConflicts } from "./iam/iam-role-no-policy-management-conflicts";
import { iamServiceTrustSourceConditioned } from "./iam/iam-service-trust-source-conditioned";
import { iamRoleTrust } from "./iam/iam-role-trust-scoped";
import { kmsDeletionWindow } from "./kms/kms-key-deletion-window";
import { kmsKeyPolicySafe } from "./kms/kms-key-policy-safe";
import { kmsKeyRotation } from "./kms/kms-key-rotation-enabled";
import { lambdaFunctionUrlAuthenticated } from "./lambda/lambda-function-url-authenticated";
import { lambdaPermissionNotPublic } from "./lambda/lambda-permission-not-public";
import { logGroupKms } from "./logs/cloudwatch-log-group-kms";
import { logGroupRetention } from "./logs/cloudwatch-log-group-retention";
import { databaseEncryptedPrivate } from "./rds/database-encrypted-and-private";
import { s3BucketAclsDisabled } from "./s3/s3-bucket-acls-disabled";
import { s3BucketKey } from "./s3/s3-bucket-key-enabled";
import { s3BucketLifecycle } from "./s3/s3-bucket-lifecycle";
import { s3BucketNoPublicPolicy } from "./s3/s3-bucket-no-public-policy";
import { s3BucketPublicAccessBlock } from "./s3/s3-bucket-public-access-block";
import { s3BucketSseKms } from "./s3/s3-bucket-sse-kms";
import { s3BucketTlsOnly } from "./s3/s3-bucket-tls-only";
import { s3BucketVersioning } from "./s3/s3-bucket-versioning";
import { appImageConfigNonRoot } from "./sagemaker/sagemaker-app-image-config-non-root";
import { appInstanceTypesAllowed } from "./sagemaker/sagemaker-app-instance-types-allowed";
import { domainDefaultExecutionRole } from "./sagemaker/sagemaker-domain-default-execution-role";
import { domainKms } from "./sagemaker/sagemaker-domain-kms";
import { domainProtectedInProduction } from "./sagemaker/sagemaker-domain-protected-in-prod";
import { domainSecurityGroups } from "./sagemaker/sagemaker-domain-security-groups";
import { domainVpcOnly } from "./sagemaker/sagemaker-domain-vpc-only";
import { endpointAutoRollback } from "./sagemaker/sagemaker-endpoint-auto-rollback";
import { endpointConfigKms } from "./sagemaker/sagemaker-endpoint-config-kms";
import { sagemakerFeatureGroupEncrypted } from "./sagemaker/sagemaker-feature-group-encrypted";
import { sagemakerJobsNetworkIsolated } from "./sagemaker/sagemaker-jobs-network-isolated";
import { modelIsolated } from "./sagemaker/sagemaker-model-network-isolation";
import { notebookInstanceHardened } from "./sagemaker/sagemaker-notebook-instance-hardened";
import { domainSharingEncrypted } from "./sagemaker/sagemaker-sharing-output-encrypted";
import { spaceNeedsDefaultSpaceRole } from "./sagemaker/sagemaker-space-needs-default-space-role";
import { sagemakerStudioIdleShutdown } from "./sagemaker/sagemaker-studio-idle-shutdown";
import { userProfileRoleAndTag } from "./sagemaker/sagemaker-user-profile-role-and-tag";
import { secretKms } from "./secretsmanager/secretsmanager-secret-kms";
import { secretRotation } from "./secretsmanager/secretsmanager-secret-rotation";
import { snsTopicKms } from "./sns/sns-topic-kms";
import { sqsQueueKms } from "./sqs/sqs-queue-kms";
import { ssmSecureStringForSecrets } from "./ssm/ssm-secure-string-for-secrets";
import { sfnLoggingAndTracing } from "./states/sfn-logging-and-tracing";

/**
 * The pack's guardrails, one per file under policies/<service>/<policy-name>.ts (its spec beside it), by
 * service. A new policy is a new file and one line here.
 */
export const guardrails: GuardrailPolicy[] = [
    allowedRegions,
    requiredTags,
    requiredTagsRemediation,
    alarmHasActions,
    codebuildEncrypted,
    codebuildLogging,
    codebuildNoPrivilegedMode,
    defaultSecurityGroupClosed,
    securityGroupNoPublicIngress,
    vpcFlowLogs,
    ecrImmutableTags,
    ecrScanOnPush,
    ecsContainerLogging,
    ecsNoPlaintextSecrets,
    ecsNoPrivilegedContainers,
    efsEncrypted,
    eventTargetRole,
    iamLeastPrivilege,
    iamNoAdminManagedPolicies,
    iamNoUsersOrAccessKeys,
    iamRolePolicyConflicts,
    iamRoleTrust,
    kmsDeletionWindow,
    kmsKeyPolicySafe,
    kmsKeyRotation,
    logGroupKms,
    logGroupRetention,
    databaseEncryptedPrivate,
    s3BucketAclsDisabled,
    s3BucketKey,
    s3BucketLifecycle,
    s3BucketNoPublicPolicy,
    s3BucketPublicAccessBlock,
    s3BucketSseKms,
    s3BucketTlsOnly,
    s3BucketVersioning,
    appImageConfigNonRoot,
    appInstanceTypesAllowed,
    domainDefaultExecutionRole,
    domainKms,
    domainProtectedInProduction,
    domainSecurityGroups,
    domainVpcOnly,
    endpointConfigKms,
    modelIsolated,
    notebookInstanceHardened,
    domainSharingEncrypted,
    spaceNeedsDefaultSpaceRole,
    userProfileRoleAndTag,
    secretKms,
    secretRotation,
    snsTopicKms,
    sqsQueueKms,
    ssmSecureStringForSecrets,
    sfnLoggingAndTracing,
    // Checks an ML platform needs beyond the original guardrails.
    costBudget,
    noPlaintextSecretsInConfiguration,
    prodDataProtected,
    resourcePoliciesNotPublic,
    athenaWorkgroupEncrypted,
    ec2Imdsv2Required,
    ecrRepositoryNotPublic,
    glueDataCatalogEncrypted,
    iamFederatedTrustConditioned,
    lambdaFunctionUrlAuthenticated,
    lambdaPermissionNotPublic,
    sagemakerFeatureGroupEncrypted,
    sagemakerJobsNetworkIsolated,
    sagemakerStudioIdleShutdown,
    // Issue 12: the model CI/CD.
    codepipelineArtifactStoreCmk,
    manualApprovalBeforeProd,
    iamServiceTrustSourceConditioned,
    endpointAutoRollback,
    codebuildLogGroupManaged,
];

/**
 * Every policy of the pack as served (see composePolicies): the selection, the guardrails honouring exemptions
 * and selection, and the exemption policies. Tests import this list; index.ts serves it.
 */
export const policies: Policies = composePolicies(guardrails);
