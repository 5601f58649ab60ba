import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, DEFAULT_VIA_SERVICES, lookupAwsContext, MlDataBucket, MlopsProject, MlopsProjectNames, Naming, PersonaRole, PlatformKey, PlatformNetwork, RetrainPipeline, StudioDomain } from "@mlplatform/components";
import { PlatformConfig } from "./config";

/** What a stack exports: names and ARNs other stacks and people need (plan notes go to stacks/planReport.ts). */
export interface PlatformOutputs {
    dataBucketName: pulumi.Output<string>;
    dataBucketArn: pulumi.Output<string>;
    artifactsBucketName: pulumi.Output<string>;
    artifactsBucketArn: pulumi.Output<string>;
    kmsKeyArn: pulumi.Output<string>;
    kmsKeyAlias: pulumi.Output<string>;
    roleArns: pulumi.Output<Record<string, string>>;
    /** Per model: state machine, image repository, source repository and alerts topic. */
    pipelines: Record<string, Record<string, pulumi.Output<string>>>;
    /** Per MLOps project: build and deploy pipelines, model package group, approver policy. */
    mlops: Record<string, Record<string, pulumi.Output<string>>>;
    network?: { vpcId: pulumi.Output<string>; privateSubnetIds: pulumi.Output<string[]> };
    studio?: { domainId: pulumi.Output<string>; launchPolicyArn: pulumi.Output<string> };
}

/**
 * Composes the platform of one stack from its validated configuration. dev and prod run this same code;
 * every difference between them comes from `Pulumi.<stack>.yaml`.
 */
export function createPlatform(cfg: PlatformConfig): PlatformOutputs {
    // One explicit provider carries the region, the stack's AWS settings (profile, roles to assume, allowed
    // or forbidden accounts, endpoints) and the required tags (default tags) to every resource; Pulumi.yaml
    // disables the default provider so nothing can bypass it, and config validation refuses any aws: key
    // this provider would not read.
    const provider = new aws.Provider("aws", { ...cfg.aws, region: cfg.region as aws.Region, defaultTags: { tags: cfg.tags } });
    const opts = { provider };
    const ctx = lookupAwsContext(opts);
    const naming = new Naming(cfg.prefix, cfg.environment);

    const key = new PlatformKey(
        "platform-key",
        {
            alias: `${cfg.prefix}-${cfg.environment}`,
            description: `Platform key of ${cfg.prefix} ${cfg.environment}: S3, SSM, Secrets Manager, SNS and CloudWatch Logs`,
            deletionWindowInDays: cfg.kmsDeletionWindowDays,
            // SageMaker encrypts job volumes and outputs with it (personas); pipelines keep images (ECR),
            // source (CodeCommit) and dead letters (SQS) under it too.
            viaServices: [...new Set([
                ...DEFAULT_VIA_SERVICES,
                ...(cfg.personas.length > 0 ? (["sagemaker"] as const) : []),
                ...(cfg.pipelines.length > 0 ? (["ecr", "codecommit", "sqs"] as const) : []),
                // MLOps projects: source (CodeCommit), SageMaker jobs and endpoints.
                ...(cfg.mlops.length > 0 ? (["codecommit", "sagemaker"] as const) : []),
                // Studio's home EFS, its apps' EBS volumes and the EFS backups.
                ...(cfg.studio ? (["elasticfilesystem", "ec2", "backup"] as const) : []),
            ])],
            // The deploy builds of MLOps projects encrypt their endpoint stacks' secrets with the key (awskms://).
            secretsProviderRoleNames: cfg.mlops.map((p) => new MlopsProjectNames(naming, p.name).role("deploy")),
            protect: cfg.protect,
            context: ctx,
        },
        opts,
    );

    const bucket = (purpose: string) =>
        new MlDataBucket(
            purpose,
            {
                bucketName: ctx.apply((c) => naming.bucketName(purpose, c)),
                kmsKeyArn: key.keyArn,
                noncurrentVersionExpirationDays: cfg.noncurrentVersionExpirationDays,
                forceDestroy: cfg.forceDestroyBuckets,
                protect: cfg.protect,
                accessLogs: cfg.accessLogsBucket ? { targetBucket: cfg.accessLogsBucket } : undefined,
            },
            opts,
        );
    // Seed 000's training data bucket and seed 001's pipeline artifacts bucket.
    const data = bucket("data");
    const artifacts = bucket("artifacts");

    const network = cfg.network
        ? new PlatformNetwork(
              "network",
              {
                  prefix: cfg.prefix,
                  environment: cfg.environment,
                  vpc:
                      cfg.network.mode === "create"
                          ? cfg.network
                          : { mode: "existing", vpcId: cfg.network.vpcId, privateSubnetIds: cfg.network.privateSubnetIds, routeTableIds: cfg.network.routeTableIds },
                  interfaceEndpoints: cfg.network.interfaceEndpoints,
                  endpointAvailabilityZones: cfg.network.endpointAvailabilityZones,
                  privateDns: cfg.network.privateDns,
                  flowLogs: { retentionInDays: cfg.logRetentionDays, kmsKeyArn: key.keyArn },
                  context: ctx,
              },
              opts,
          )
        : undefined;

    const personaRoles = createPersonaRoles(cfg, { dataBucketArn: data.bucketArn, artifactsBucketArn: artifacts.bucketArn, kmsKeyArn: key.keyArn, network, context: ctx }, opts);

    const studio =
        cfg.studio && network
            ? new StudioDomain(
                  "studio",
                  {
                      prefix: cfg.prefix,
                      environment: cfg.environment,
                      settings: cfg.studio,
                      network: {
                          vpcId: network.vpcId,
                          subnetIds: network.privateSubnetIds,
                          studioSecurityGroupId: network.studioSecurityGroup.id,
                          launchVpcEndpointIds: ["studio", "sagemaker.api"].filter((e) => network.endpoints[e]).map((e) => network.endpoints[e].id),
                      },
                      personaRoleArns: Object.fromEntries(Object.entries(personaRoles).map(([persona, r]) => [persona, r.roleArn])),
                      kmsKeyArn: key.keyArn,
                      logRetentionDays: cfg.logRetentionDays,
                      protect: cfg.protect,
                      backup: cfg.environment === "prod",
                      context: ctx,
                  },
                  opts,
              )
            : undefined;

    const pipelines = createPipelines(cfg, { data, artifacts, kmsKeyArn: key.keyArn, network, context: ctx }, opts);

    const mlops = createMlopsProjects(cfg, { data, artifacts, key, network, context: ctx }, opts);

    // Output keys kept from before the personas owned their roles: other stacks read them by these names.
    // (`mlops`, the seed's single MLOps role, is gone: each MLOps project has its own roles.)
    const roleArns: Record<string, pulumi.Output<string>> = {};
    for (const [persona, role] of Object.entries(personaRoles)) roleArns[`sagemaker:${persona}`] = role.roleArn;

    return {
        mlops,
        studio: studio ? { domainId: studio.domain.id, launchPolicyArn: studio.launchPolicy.arn } : undefined,
        pipelines,
        network: network ? { vpcId: network.vpcId, privateSubnetIds: network.privateSubnetIds } : undefined,
        dataBucketName: data.bucketName,
        dataBucketArn: data.bucketArn,
        artifactsBucketName: artifacts.bucketName,
        artifactsBucketArn: artifacts.bucketArn,
        kmsKeyArn: key.keyArn,
        kmsKeyAlias: key.alias.name,
        roleArns: pulumi.output(roleArns),
    };
}

/** One RetrainPipeline per configured model, and what the stack exports of each. */
function createPipelines(
    cfg: PlatformConfig,
    platform: { data: MlDataBucket; artifacts: MlDataBucket; kmsKeyArn: pulumi.Input<string>; network?: PlatformNetwork; context: pulumi.Input<AwsContext> },
    opts: pulumi.ComponentResourceOptions,
): PlatformOutputs["pipelines"] {
    const { data, artifacts, network } = platform;
    const pipelines: PlatformOutputs["pipelines"] = {};
    for (const settings of cfg.pipelines) {
        const pipeline = new RetrainPipeline(
            `pipeline-${settings.name}`,
            {
                prefix: cfg.prefix,
                environment: cfg.environment,
                settings,
                // parsePlatformConfig guarantees a network whenever pipelines are configured.
                network: { vpcId: network!.vpcId, subnetIds: network!.privateSubnetIds, securityGroupId: network!.workloadSecurityGroup.id },
                dataBucket: { name: data.bucketName, arn: data.bucketArn },
                artifactsBucket: { name: artifacts.bucketName, arn: artifacts.bucketArn },
                kmsKeyArn: platform.kmsKeyArn,
                logRetentionDays: cfg.logRetentionDays,
                secretRecoveryWindowDays: cfg.secretRecoveryWindowDays,
                alertEmails: cfg.alertEmails,
                protect: cfg.protect,
                context: platform.context,
            },
            opts,
        );
        pipelines[settings.name] = {
            stateMachineArn: pipeline.stateMachine.arn,
            imageRepositoryUrl: pipeline.imageRepository.repositoryUrl,
            sourceRepositoryCloneUrl: pipeline.repository.cloneUrlHttp,
            alertsTopicArn: pipeline.alertsTopic.arn,
        };
    }
    return pipelines;
}

/** The parent of the persona roles before the stack owned them (MlRoles "roles"), as a URN. */
const FORMER_PERSONA_ROLES_PARENT = pulumi.createUrn("roles", "mlplatform:components:MlRoles");

/**
 * One PersonaRole per persona of the stack, owned by the stack (not by Studio: the roles run SageMaker jobs
 * with or without a domain), with the Studio guardrails when
 * a domain uses them. The roles were children of MlRoles, first directly and then inside a PersonaRole of
 * it: aliases name both earlier URNs, so `pulumi up` keeps each role and its policy.
 */
function createPersonaRoles(
    cfg: PlatformConfig,
    platform: { dataBucketArn: pulumi.Input<string>; artifactsBucketArn: pulumi.Input<string>; kmsKeyArn: pulumi.Input<string>; network?: PlatformNetwork; context: pulumi.Input<AwsContext> },
    opts: pulumi.ComponentResourceOptions,
): Record<string, PersonaRole> {
    const { network, ...shared } = platform;
    // With a Studio domain, the persona roles carry the whitepaper's guardrails.
    const studioGuardrails =
        cfg.studio && network
            ? pulumi.all([network.privateSubnetIds, network.workloadSecurityGroup.id, network.studioSecurityGroup.id]).apply(([subnetIds, workloads, studioSg]) => ({
                  subnetIds,
                  securityGroupIds: [workloads, studioSg],
                  allowedInstanceTypes: cfg.studio!.instanceTypes,
                  allowedImageArns: cfg.studio!.approvedImageArns,
                  requiredJobTagKeys: cfg.studio!.requiredJobTags,
              }))
            : undefined;
    const roles: Record<string, PersonaRole> = {};
    for (const persona of cfg.personas) {
        const name = `roles-sagemaker-${persona}`;
        roles[persona] = new PersonaRole(
            name,
            { prefix: cfg.prefix, environment: cfg.environment, persona, access: cfg.personaDefinitions[persona], studioGuardrails, ...shared },
            {
                ...opts,
                aliases: [{ parent: FORMER_PERSONA_ROLES_PARENT }],
                roleFormerParents: [FORMER_PERSONA_ROLES_PARENT, pulumi.createUrn(name, "mlplatform:components:PersonaRole", FORMER_PERSONA_ROLES_PARENT)],
            },
        );
    }
    return roles;
}

/** One MlopsProject per configured model family (seed 001's CI/CD), and what the stack exports of each. */
function createMlopsProjects(
    cfg: PlatformConfig,
    platform: { data: MlDataBucket; artifacts: MlDataBucket; key: PlatformKey; network?: PlatformNetwork; context: pulumi.Input<AwsContext> },
    opts: pulumi.ComponentResourceOptions,
): PlatformOutputs["mlops"] {
    const { data, artifacts, key, network } = platform;
    const mlops: PlatformOutputs["mlops"] = {};
    for (const settings of cfg.mlops) {
        const project = new MlopsProject(
            `mlops-${settings.name}`,
            {
                prefix: cfg.prefix,
                environment: cfg.environment,
                settings,
                // parsePlatformConfig guarantees a network whenever mlops projects are configured.
                network: { vpcId: network!.vpcId, subnetIds: network!.privateSubnetIds, securityGroupIds: [network!.workloadSecurityGroup.id] },
                artifactsBucket: { name: artifacts.bucketName, arn: artifacts.bucketArn },
                dataBucketArn: data.bucketArn,
                kmsKey: { arn: key.keyArn, alias: key.alias.name },
                logRetentionDays: cfg.logRetentionDays,
                alertEmails: cfg.alertEmails,
                endpointTags: { project: cfg.tags.project, owner: cfg.tags.owner, "cost-center": cfg.tags["cost-center"] },
                protect: cfg.protect,
                context: platform.context,
            },
            opts,
        );
        mlops[settings.name] = {
            buildPipelineName: project.pipelines.build.name,
            deployPipelineName: project.pipelines.deploy.name,
            modelPackageGroupName: project.modelPackageGroup.modelPackageGroupName,
            approverPolicyArn: project.approverPolicy.arn,
        };
    }
    return mlops;
}
