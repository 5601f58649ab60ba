/**
 * @mlplatform/components: the governed ML platform's Pulumi components, for any Pulumi TypeScript or
 * JavaScript program (and, through PulumiPlugin.yaml, for Python, Go and YAML programs).
 *
 * This file is the package's public API: what it exports is covered by semantic versioning (CHANGELOG.md);
 * anything reached another way (a file under dist/) is internal and may change in any release.
 * Each component validates its arguments with its schema and throws one ComponentArgsError listing every
 * bad argument before it registers any resource; the schemas are exported so a program can validate its
 * own configuration the same way, before creating anything.
 */

import { assertBuildIsCurrent } from "./buildFreshness";

// First, before loading the components: in a source checkout, compiled code older than its sources fails.
assertBuildIsCurrent(__dirname);

// Components, their arguments (what a caller passes) and their schemas (the one description of them).
export { MlDataBucket } from "./mlDataBucket";
export { type MlDataBucketArgs, type MlDataBucketSettings, mlDataBucketArgsSchema } from "./mlDataBucket/args";

export { PlatformKey } from "./platformKey";
export {
    type PlatformKeyArgs,
    type PlatformKeySettings,
    type PublisherService,
    type ViaService,
    platformKeyArgsSchema,
    publisherServiceSchema,
    viaServiceSchema,
} from "./platformKey/args";
export { DEFAULT_VIA_SERVICES } from "./platformKey/keyPolicy";

export { PlatformNetwork } from "./network";
export { CREATE_VPC_DEFAULTS, type NatStrategy, type NetworkConfigInput, type PlatformNetworkArgs, natStrategySchema, networkConfigSchema, platformNetworkArgsSchema } from "./network/args";
export { DEFAULT_INTERFACE_ENDPOINTS, FEATURE_ENDPOINTS, endpointsForFeatures } from "./network/endpoints";
export { STUDIO_APP_QUOTA, type StudioIpInput, type StudioIpPlan, planStudioIps, prefixLength, subnetCapacityProblems, usableAddresses } from "./network/ipPlan";


export { PersonaRole } from "./personaRole";
export { PERSONA_NAME, type PersonaAccess, type PersonaRoleArgs, personaAccessSchema, personaDefinitionsSchema, personaRoleArgsSchema } from "./personaRole/args";
export { BUILT_IN_PERSONAS, type PersonaRoleIdentity, personaAccess, personaRoleIdentity } from "./personaRole/policy";

export { StudioDomain } from "./studioDomain";
export {
    type StudioDomainArgs,
    type StudioSettings,
    type StudioSettingsInput,
    type StudioUser,
    studioCapacitySchema,
    studioDomainArgsSchema,
    studioDomainSettingsSchema,
    studioPersonaProblems,
    studioSettingsSchema,
    studioUserSchema,
} from "./studioDomain/args";

export {
    RetrainPipeline,
    RetrainPipelineAlerts,
    RetrainPipelineCompute,
    RetrainPipelineImageBuild,
    RetrainPipelineOrchestration,
    DEFAULT_BUILDSPEC,
} from "./retrainPipeline";
export {
    DEFAULT_STEPS,
    GIT_BRANCH,
    type PipelineSettings,
    type PipelineSettingsInput,
    type PipelineStep,
    type RetrainPipelineArgs,
    type StepSettings,
    defaultPipelineSettings,
    pipelineSettingsSchema,
    retrainPipelineArgsSchema,
} from "./retrainPipeline/args";
export { PIPELINE_NAME_LIMITS, PipelineNames, pipelineNameProblems } from "./retrainPipeline/names";

export { MlopsProject } from "./mlopsProject";
export {
    type MlopsProjectArgs,
    type MlopsProjectSettings,
    type MlopsProjectSettingsInput,
    mlopsProjectArgsSchema,
    mlopsProjectSettingsSchema,
} from "./mlopsProject/args";
export { DEPLOY_STAGES, MLOPS_NAME_LIMITS, MlopsProjectNames, mlopsNameCollisions, mlopsNameProblems } from "./mlopsProject/names";
export { approvedPackagePattern, awaitingReviewPattern } from "./mlopsProject/patterns";

export { ModelEndpoint } from "./modelEndpoint";
export {
    ENDPOINT_NAME_LIMIT,
    LONGEST_ENDPOINT_NAME,
    type ModelEndpointArgs,
    type ModelEndpointSettings,
    identifierText,
    instanceCountProblem,
    modelEndpointArgsSchema,
    modelEndpointFields,
} from "./modelEndpoint/args";
export { endpointNames } from "./modelEndpoint/plan";
export { hasLocalInstanceStorage } from "./instanceStorage";

// Names, partition-aware AWS context, and the argument error format shared by every component.
export { Arns, type AwsContext, Naming, lookupAwsContext } from "./naming";
export { type ArgsProblem, ComponentArgsError, LOG_RETENTION_DAYS, logRetentionDaysSchema, allowedBy, parseArgs, pathText, problemLines, problemsOf, show, valueAt } from "./args";
