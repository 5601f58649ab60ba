import { Policies } from "@pulumi/policy";
import { noPlaintextSecretsInConfiguration } from "./account/no-plaintext-secrets-in-configuration";
import { prodDataProtected } from "./account/prod-data-protected";
import { resourcePoliciesNotPublic } from "./account/resource-policies-not-public";
import { athenaWorkgroupEncrypted } from "./athena/athena-workgroup-encrypted";
import { ec2Imdsv2Required } from "./ec2/ec2-imdsv2-required";
import { ecrRepositoryNotPublic } from "./ecr/ecr-repository-not-public";
import { glueDataCatalogEncrypted } from "./glue/glue-data-catalog-encrypted";
import { iamFederatedTrustConditioned } from "./iam/iam-federated-trust-conditioned";
import { lambdaFunctionUrlAuthenticated } from "./lambda/lambda-function-url-authenticated";
import { lambdaPermissionNotPublic } from "./lambda/lambda-permission-not-public";
import { sagemakerFeatureGroupEncrypted } from "./sagemaker/sagemaker-feature-group-encrypted";
import { sagemakerJobsNetworkIsolated } from "./sagemaker/sagemaker-jobs-network-isolated";
import { sagemakerStudioIdleShutdown } from "./sagemaker/sagemaker-studio-idle-shutdown";

/** The checks an ML platform needs beyond the original guardrails, one policy per file with its spec beside it. */
export const deepChecks: Policies = [
    sagemakerStudioIdleShutdown,
    sagemakerJobsNetworkIsolated,
    sagemakerFeatureGroupEncrypted,
    ec2Imdsv2Required,
    lambdaFunctionUrlAuthenticated,
    lambdaPermissionNotPublic,
    ecrRepositoryNotPublic,
    glueDataCatalogEncrypted,
    athenaWorkgroupEncrypted,
    prodDataProtected,
    resourcePoliciesNotPublic,
    noPlaintextSecretsInConfiguration,
    iamFederatedTrustConditioned,
];
