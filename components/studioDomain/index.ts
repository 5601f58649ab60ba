import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Naming, lookupAwsContext } from "../naming";
import { studioLaunchPolicy } from "./guardrails";
import { ComponentArgsError, parseArgs } from "../args";
import { StudioDomainArgs, studioDomainArgsSchema } from "./args";
import { createHomeEfsBackups } from "./backups";

export * from "./args";
export * from "./guardrails";

/**
 * A SageMaker Studio domain as the administration whitepaper recommends: VpcOnly in the platform's
 * private subnets, KMS for EFS and EBS, per-persona execution roles, user profiles tagged `studiouserid`
 * with a security group each, idle shutdown, no notebook sharing, the Jupyter server on `system`, the
 * user's profile name as CloudTrail source identity, and a launch policy for the people who open it.
 */
export class StudioDomain extends pulumi.ComponentResource {
    readonly domain: aws.sagemaker.Domain;
    readonly userProfiles: Record<string, aws.sagemaker.UserProfile>;
    readonly launchPolicy: aws.iam.Policy;

    constructor(name: string, rawArgs: StudioDomainArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:StudioDomain", name, {}, opts);
        const args = parseArgs(studioDomainArgsSchema, rawArgs, "StudioDomain", name);
        const s = args.settings;
        const naming = new Naming(args.prefix, args.environment);
        const ctx = args.context ? pulumi.output(args.context) : lookupAwsContext({ parent: this });
        const protect = args.protect;
        const child = { parent: this };
        // The schema refused personas without a role when the map was known; an Output map is checked on arrival.
        const roles = pulumi.output(args.personaRoleArns);
        const roleOf = (persona: string) =>
            roles.apply((r) => {
                if (!r[persona]) throw new ComponentArgsError("StudioDomain", name, [{ key: "personaRoleArns", found: JSON.stringify(Object.keys(r)), allowed: `an execution role for persona "${persona}"` }]);
                return r[persona];
            });

        if (s.createStudioLogGroup) {
            // Studio writes here; pre-created so it is encrypted and expires.
            new aws.cloudwatch.LogGroup(`${name}-logs`, { name: "/aws/sagemaker/studio", kmsKeyId: args.kmsKeyArn, retentionInDays: args.logRetentionDays }, child);
        }

        const idle = {
            lifecycleManagement: "ENABLED",
            idleTimeoutInMinutes: s.idleTimeoutMinutes,
            minIdleTimeoutInMinutes: 60,
            maxIdleTimeoutInMinutes: Math.max(s.idleTimeoutMinutes, 60),
        };
        this.domain = new aws.sagemaker.Domain(
            `${name}-domain`,
            {
                domainName: naming.name("studio"),
                authMode: s.authMode,
                vpcId: args.network.vpcId,
                subnetIds: args.network.subnetIds,
                appNetworkAccessType: "VpcOnly",
                kmsKeyId: args.kmsKeyArn,
                defaultUserSettings: {
                    executionRole: roleOf(s.defaultPersona),
                    securityGroups: [args.network.studioSecurityGroupId],
                    sharingSettings: { notebookOutputOption: "Disabled" },
                    jupyterServerAppSettings: { defaultResourceSpec: { instanceType: "system" } },
                    jupyterLabAppSettings: {
                        defaultResourceSpec: { instanceType: s.defaultInstanceType },
                        appLifecycleManagement: { idleSettings: idle },
                    },
                    codeEditorAppSettings: { appLifecycleManagement: { idleSettings: idle } },
                    studioWebPortal: "ENABLED",
                    defaultLandingUri: "studio::",
                },
                defaultSpaceSettings: {
                    executionRole: roleOf(s.defaultPersona),
                    securityGroups: [args.network.studioSecurityGroupId],
                    // Shared spaces take these settings, not the user settings: they need idle shutdown too.
                    jupyterLabAppSettings: { defaultResourceSpec: { instanceType: s.defaultInstanceType }, appLifecycleManagement: { idleSettings: idle } },
                },
                domainSettings: {
                    securityGroupIds: [args.network.studioSecurityGroupId],
                    // CloudTrail names the user even when users share a persona's role.
                    executionRoleIdentityConfig: "USER_PROFILE_NAME",
                },
                retentionPolicy: { homeEfsFileSystem: protect ? "Retain" : "Delete" },
            },
            { ...child, protect, retainOnDelete: protect },
        );

        this.userProfiles = {};
        for (const user of s.users) {
            // One security group per profile (whitepaper: isolation in VpcOnly mode); rules stay on the domain's group.
            const userGroup = new aws.ec2.SecurityGroup(
                `${name}-user-${user.name}`,
                { name: naming.name(`studio-${user.name}`), description: `Studio user ${user.name}: identifies the user's apps; no rules of its own`, vpcId: args.network.vpcId },
                child,
            );
            this.userProfiles[user.name] = new aws.sagemaker.UserProfile(
                `${name}-user-${user.name}`,
                {
                    domainId: this.domain.id,
                    userProfileName: user.name,
                    ...(s.authMode === "SSO" ? { singleSignOnUserIdentifier: "UserName", singleSignOnUserValue: user.ssoUserName } : {}),
                    userSettings: { executionRole: roleOf(user.persona), securityGroups: [userGroup.id] },
                    tags: { studiouserid: user.name, persona: user.persona },
                },
                child,
            );
        }

        for (const space of s.sharedSpaces) {
            new aws.sagemaker.Space(
                `${name}-space-${space.name}`,
                {
                    domainId: this.domain.id,
                    spaceName: space.name,
                    spaceSharingSettings: { sharingType: "Shared" },
                    ownershipSettings: { ownerUserProfileName: space.owner },
                    spaceSettings: { appType: "JupyterLab" },
                },
                { ...child, dependsOn: [this.userProfiles[space.owner]] },
            );
        }

        this.launchPolicy = new aws.iam.Policy(
            `${name}-launch`,
            {
                name: naming.name("studio-launch"),
                description: "Attach to the people who open Studio: own profile only, from the allowed networks",
                policy: pulumi
                    .all([ctx, this.domain.id, pulumi.output(args.network.launchVpcEndpointIds ?? [])])
                    .apply(([c, domainId, vpces]) =>
                        JSON.stringify(studioLaunchPolicy({ ctx: c, domainId, allowedSourceIps: s.allowedSourceIps, studioVpcEndpointIds: vpces })),
                    ),
            },
            child,
        );

        if (args.backup) {
            createHomeEfsBackups(name, { naming, ctx, kmsKeyArn: args.kmsKeyArn, protect, retentionDays: s.backupRetentionDays, homeEfsFileSystemId: this.domain.homeEfsFileSystemId }, this);
        }

        this.registerOutputs({ domainId: this.domain.id, domainArn: this.domain.arn, launchPolicyArn: this.launchPolicy.arn });
    }
}
