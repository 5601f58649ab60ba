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
const TAGGED_JOB_ACTIONS = ["sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob"];

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
        deny("DenyRootAccessOnNotebooks", ["sagemaker:CreateNotebookInstance", "sagemaker:UpdateNotebookInstance"], {
            StringEquals: { "sagemaker:RootAccess": "Enabled" },
        }),
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

/** What a persona execution role needs to run Studio apps and spaces of the platform's domains. */
export function studioAppPermissions(ctx: AwsContext): Statement[] {
    const arns = new Arns(ctx);
    return [
        allow(
            "RunStudioApps",
            ["sagemaker:CreateApp", "sagemaker:DeleteApp", "sagemaker:DescribeApp", "sagemaker:AddTags"],
            [arns.of("sagemaker", "app/*/*"), arns.of("sagemaker", "space/*/*")],
        ),
        allow("DescribeOwnStudioContext", ["sagemaker:DescribeDomain", "sagemaker:DescribeUserProfile", "sagemaker:DescribeSpace"], [
            arns.of("sagemaker", "domain/*"),
            arns.of("sagemaker", "user-profile/*/*"),
            arns.of("sagemaker", "space/*/*"),
        ]),
    ];
}

export interface LaunchPolicyInput {
    ctx: AwsContext;
    domainId: string;
    /** CIDR ranges people may open Studio from (corporate egress). */
    allowedSourceIps: string[];
    /** The Studio interface VPC endpoint(s) people may open Studio through. */
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
