import { Statement, allow } from "../iam/statements";
import { Arns, AwsContext } from "../naming";

/**
 * The SageMaker Studio administration whitepaper's guardrails as IAM statements, for the persona
 * execution roles (what Studio and the jobs it starts run as) and for the people who open Studio.
 *
 * The whitepaper prints several of these as Allow-with-condition; an Allow enforces nothing when another
 * statement allows the same action, so here every guardrail is an explicit Deny. Its combined
 * "VpcOnly + subnets + security groups" condition is split so that any one missing part denies.
 */

export interface GuardrailInput {
    ctx: AwsContext;
    /** Private subnets jobs and apps must run in. */
    subnetIds: string[];
    /** Security groups jobs must use. */
    securityGroupIds: string[];
    /** Instance types (including `system` for the default Jupyter server) apps and jobs may use. */
    allowedInstanceTypes: string[];
    /** SageMaker image ARNs (patterns allowed) Studio apps may run; empty means no restriction. */
    allowedImageArns: string[];
    /** Tag keys every training and processing job must carry. */
    requiredJobTagKeys: string[];
}

/** Jobs and resources that take a VPC configuration. */
const VPC_ACTIONS = [
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "sagemaker:CreateHyperParameterTuningJob",
    "sagemaker:CreateModel",
    "sagemaker:CreateNotebookInstance",
];
/** Jobs and resources with storage volumes. */
const VOLUME_ACTIONS = [
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "sagemaker:CreateHyperParameterTuningJob",
    "sagemaker:CreateNotebookInstance",
    "sagemaker:CreateEndpointConfig",
];
/** Jobs that write output to S3. */
const OUTPUT_ACTIONS = ["sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob", "sagemaker:CreateHyperParameterTuningJob"];
/** Everything that picks instance types. */
const INSTANCE_ACTIONS = [
    "sagemaker:CreateApp",
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "sagemaker:CreateHyperParameterTuningJob",
    "sagemaker:CreateNotebookInstance",
];
const TAGGED_JOB_ACTIONS = [
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "sagemaker:CreateHyperParameterTuningJob",
    "sagemaker:CreateModel",
    "sagemaker:CreateNotebookInstance",
];

function deny(sid: string, actions: string[], condition: Statement["Condition"]): Statement {
    return { Sid: sid, Effect: "Deny", Action: actions, Resource: ["*"], Condition: condition };
}

/** Deny statements for persona execution roles. */
export function personaGuardrails(input: GuardrailInput): Statement[] {
    const statements: Statement[] = [
        deny("DenyWithoutVpcSubnets", VPC_ACTIONS, { Null: { "sagemaker:VpcSubnets": "true" } }),
        deny("DenyOutsidePlatformSubnets", VPC_ACTIONS, { "ForAnyValue:StringNotEquals": { "sagemaker:VpcSubnets": input.subnetIds } }),
        deny("DenyWithoutSecurityGroups", VPC_ACTIONS, { Null: { "sagemaker:VpcSecurityGroupIds": "true" } }),
        deny("DenyOutsidePlatformSecurityGroups", VPC_ACTIONS, { "ForAnyValue:StringNotEquals": { "sagemaker:VpcSecurityGroupIds": input.securityGroupIds } }),
        // The whitepaper names sagemaker:VolumeKmsKey/OutputKmsKey; the service authorization reference gives
        // these actions the ARN-typed keys. A Null check on a key the action never carries would deny everything.
        deny("DenyUnencryptedVolumes", VOLUME_ACTIONS, { Null: { "sagemaker:VolumeKmsKeyArn": "true" } }),
        deny("DenyUnencryptedOutput", OUTPUT_ACTIONS, { Null: { "sagemaker:OutputKmsKeyArn": "true" } }),
        deny("DenyInstanceTypesOutsideAllowList", INSTANCE_ACTIONS, { "ForAnyValue:StringNotLike": { "sagemaker:InstanceTypes": input.allowedInstanceTypes } }),
        // Omitting RootAccess on create means Enabled: only an explicit "Disabled" passes.
        deny("DenyRootAccessOnNewNotebooks", ["sagemaker:CreateNotebookInstance"], { StringNotEquals: { "sagemaker:RootAccess": "Disabled" } }),
        deny("DenyEnablingRootAccessOnNotebooks", ["sagemaker:UpdateNotebookInstance"], { StringEquals: { "sagemaker:RootAccess": "Enabled" } }),
        {
            Sid: "DenyImageConfigChangesToNotebookUsers",
            Effect: "Deny",
            Action: ["sagemaker:CreateAppImageConfig", "sagemaker:UpdateAppImageConfig", "sagemaker:DeleteAppImageConfig"],
            Resource: ["*"],
        },
        ...input.requiredJobTagKeys.map((key, i) =>
            deny(`DenyJobsWithoutTag${i}`, TAGGED_JOB_ACTIONS, { Null: { [`aws:RequestTag/${key}`]: "true" } }),
        ),
    ];
    if (input.allowedImageArns.length > 0) {
        // The whitepaper prints Allow + ForAllValues:StringNotLike, which is inverted; this is the intent.
        statements.push(deny("DenyUnapprovedImages", ["sagemaker:CreateApp"], { "ForAnyValue:StringNotLike": { "sagemaker:ImageArns": input.allowedImageArns } }));
    }
    return statements;
}

/**
 * What a persona execution role needs to use Studio (the web portal calls the API as the execution role):
 * create, change and delete its own private spaces and their apps, use shared spaces, and list what it
 * may open. Another user's private space and its apps stay out of reach (AWS's private-space pattern).
 */
export function studioAppPermissions(ctx: AwsContext): Statement[] {
    const arns = new Arns(ctx);
    const ownProfile = arns.of("sagemaker", "user-profile/${sagemaker:DomainId}/${sagemaker:UserProfileName}");
    return [
        allow("OwnPrivateSpaces", ["sagemaker:CreateSpace", "sagemaker:UpdateSpace", "sagemaker:DeleteSpace"], [arns.of("sagemaker", "space/${sagemaker:DomainId}/*")], {
            ArnLike: { "sagemaker:OwnerUserProfileArn": ownProfile },
            StringEquals: { "sagemaker:SpaceSharingType": ["Private", "Shared"] },
        }),
        allow("AppsInOwnPrivateSpaces", ["sagemaker:CreateApp", "sagemaker:DeleteApp"], [arns.of("sagemaker", "app/${sagemaker:DomainId}/*")], {
            ArnLike: { "sagemaker:OwnerUserProfileArn": ownProfile },
            StringEquals: { "sagemaker:SpaceSharingType": ["Private"] },
        }),
        allow("AppsInSharedSpaces", ["sagemaker:CreateApp", "sagemaker:DeleteApp"], [arns.of("sagemaker", "app/${sagemaker:DomainId}/*")], {
            StringEquals: { "sagemaker:SpaceSharingType": ["Shared"] },
        }),
        allow("TagWhatItCreates", ["sagemaker:AddTags"], [arns.of("sagemaker", "app/*"), arns.of("sagemaker", "space/*")], { Null: { "sagemaker:TaggingAction": "false" } }),
        allow("DescribeStudioContext", ["sagemaker:DescribeApp", "sagemaker:DescribeDomain", "sagemaker:DescribeUserProfile", "sagemaker:DescribeSpace"], [
            arns.of("sagemaker", "app/*"),
            arns.of("sagemaker", "domain/*"),
            arns.of("sagemaker", "user-profile/*"),
            arns.of("sagemaker", "space/*"),
        ]),
        allow("ListStudioContext", ["sagemaker:ListApps", "sagemaker:ListSpaces", "sagemaker:ListUserProfiles", "sagemaker:ListDomains"], ["*"]),
    ];
}

export interface LaunchPolicyInput {
    ctx: AwsContext;
    domainId: string;
    /** CIDR ranges people may open Studio from (corporate egress). */
    allowedSourceIps: string[];
    /**
     * VPC endpoints people may open Studio through: the Studio endpoint, and the SageMaker API endpoint
     * (CreatePresignedDomainUrl is an API call; from inside the VPC it carries that endpoint's id).
     */
    studioVpcEndpointIds: string[];
}

/**
 * Identity policy for the people who open Studio (attach to their federated role or permission set):
 * a presigned URL only for their own profile (`studiouserid` tag = their `studiouserid` principal tag),
 * only from the allowed IP ranges or through the Studio VPC endpoint.
 */
export function studioLaunchPolicy(input: LaunchPolicyInput): object {
    const arns = new Arns(input.ctx);
    const profiles = arns.of("sagemaker", `user-profile/${input.domainId}/*`);
    const fromOutside: Record<string, Record<string, string | string[]>> = {};
    if (input.allowedSourceIps.length > 0) fromOutside.NotIpAddress = { "aws:SourceIp": input.allowedSourceIps };
    if (input.studioVpcEndpointIds.length > 0) fromOutside.StringNotEquals = { "aws:SourceVpce": input.studioVpcEndpointIds };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "OpenOwnProfile",
                Effect: "Allow",
                Action: ["sagemaker:CreatePresignedDomainUrl", "sagemaker:DescribeUserProfile"],
                Resource: [profiles],
                Condition: { StringEquals: { "sagemaker:ResourceTag/studiouserid": "${aws:PrincipalTag/studiouserid}" } },
            },
            {
                Sid: "DenyOtherUsersProfiles",
                Effect: "Deny",
                Action: ["sagemaker:CreatePresignedDomainUrl"],
                Resource: [profiles],
                Condition: { StringNotEquals: { "sagemaker:ResourceTag/studiouserid": "${aws:PrincipalTag/studiouserid}" } },
            },
            {
                // Without the tag the profile match means nothing: deny outright, whatever else allows.
                Sid: "DenyWithoutStudioUserId",
                Effect: "Deny",
                Action: ["sagemaker:CreatePresignedDomainUrl"],
                Resource: [profiles],
                Condition: { Null: { "aws:PrincipalTag/studiouserid": "true" } },
            },
            {
                // Both conditions must hold to deny: outside every allowed range AND not through the endpoint.
                Sid: "DenyFromOutsideAllowedNetworks",
                Effect: "Deny",
                Action: ["sagemaker:CreatePresignedDomainUrl"],
                Resource: [profiles],
                Condition: fromOutside,
            },
            {
                Sid: "ListDomainsAndProfiles",
                Effect: "Allow",
                Action: ["sagemaker:ListDomains", "sagemaker:ListUserProfiles", "sagemaker:ListApps"],
                Resource: ["*"],
            },
        ],
    };
}
