import { strict as assert } from "assert";
import { personaAccess, personaRolePolicy } from "../../components/personaRole";
import { Naming } from "../../components/naming";
import { personaGuardrails, studioLaunchPolicy } from "../../components/studioDomain/guardrails";
import { leastPrivilegeProblems } from "../support/iamDocuments";
import { decide } from "../iamSimulator";

const A = "123456789012";
const ctx = { partition: "aws", accountId: A, region: "us-east-1" };
const naming = new Naming("sefaz-ml", "prod");
const KEY = `arn:aws:kms:us-east-1:${A}:key/platform`;
const SUBNETS = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"];
const SG = "sg-0cccccccccccccccc";
const ALLOWED_TYPES = ["system", "ml.t3.medium", "ml.m5.large", "ml.c5.large", "ml.m5.xlarge"];
const APPROVED_IMAGE = `arn:aws:sagemaker:us-east-1:${A}:image/sefaz-ml-approved`;

/** A persona execution role's identity policy exactly as PersonaRole builds it with a Studio domain. */
function personaDocument(persona: string) {
    return personaRolePolicy({
        naming,
        persona,
        access: personaAccess(persona),
        ctx,
        dataBucketArn: `arn:aws:s3:::sefaz-ml-data-prod-${A}-us-east-1`,
        artifactsBucketArn: `arn:aws:s3:::sefaz-ml-artifacts-prod-${A}-us-east-1`,
        kmsKeyArn: KEY,
        studio: { subnetIds: SUBNETS, securityGroupIds: [SG], allowedInstanceTypes: ALLOWED_TYPES, allowedImageArns: [`${APPROVED_IMAGE}*`], requiredJobTagKeys: ["project", "studiouserid"] },
    });
}

const launch = studioLaunchPolicy({ ctx, domainId: "d-abc123", allowedSourceIps: ["203.0.113.0/24"], studioVpcEndpointIds: ["vpce-0studio", "vpce-0sagemakerapi"] });

const job = `arn:aws:sagemaker:us-east-1:${A}:training-job/churn-2026-11-23`;
const processing = `arn:aws:sagemaker:us-east-1:${A}:processing-job/prep-1`;
const app = `arn:aws:sagemaker:us-east-1:${A}:app/d-abc123/alice/jupyterlab/default`;
const aliceProfile = `arn:aws:sagemaker:us-east-1:${A}:user-profile/d-abc123/alice`;
const bobsApp = `arn:aws:sagemaker:us-east-1:${A}:app/d-abc123/bobs-space/jupyterlab/default`;
const alicesSpace = `arn:aws:sagemaker:us-east-1:${A}:space/d-abc123/alices-space`;
/**
 * Studio sets sagemaker:DomainId and sagemaker:UserProfileName on requests made as the execution role of
 * a user's apps, and AWS substitutes them into policy variables. The simulator does not know these
 * SageMaker-specific variables, so the document is resolved for alice's session before it is asked.
 */
function asAliceInStudio(document: object): object {
    return JSON.parse(JSON.stringify(document).replace(/\$\{sagemaker:DomainId\}/g, "d-abc123").replace(/\$\{sagemaker:UserProfileName\}/g, "alice"));
}
const privateApp = (owner: string, extra: Record<string, string | string[]> = {}) => ({
    "sagemaker:OwnerUserProfileArn": `arn:aws:sagemaker:us-east-1:${A}:user-profile/d-abc123/${owner}`,
    "sagemaker:SpaceSharingType": "Private",
    ...extra,
});
const bobProfile = `arn:aws:sagemaker:us-east-1:${A}:user-profile/d-abc123/bob`;

/** A compliant training or processing request, with some context keys changed or removed. */
function jobContext(changes: Record<string, string | string[] | undefined> = {}) {
    const context: Record<string, string | string[] | undefined> = {
        "sagemaker:InstanceTypes": ["ml.m5.xlarge"],
        "sagemaker:VpcSubnets": SUBNETS,
        "sagemaker:VpcSecurityGroupIds": [SG],
        "sagemaker:VolumeKmsKeyArn": KEY,
        "sagemaker:OutputKmsKeyArn": KEY,
        "aws:RequestTag/project": "sefaz-ml",
        "aws:RequestTag/studiouserid": "alice",
        "aws:TagKeys": ["project", "studiouserid"],
        ...changes,
    };
    return Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
}

type Row = [who: string, question: string, action: string, resource: string, context: Record<string, string | string[]>, expected: string];

// Each row is one question to the IAM simulator and the answer the guardrails must give.
const TABLE: Row[] = [
    ["data-scientist", "training job, allowed type, in the VPC, KMS, tagged", "sagemaker:CreateTrainingJob", job, jobContext(), "Allowed"],
    ["data-scientist", "training job on a disallowed instance type", "sagemaker:CreateTrainingJob", job, jobContext({ "sagemaker:InstanceTypes": ["ml.p4d.24xlarge"] }), "ExplicitlyDenied"],
    ["data-scientist", "training job without VPC config", "sagemaker:CreateTrainingJob", job, jobContext({ "sagemaker:VpcSubnets": undefined, "sagemaker:VpcSecurityGroupIds": undefined }), "ExplicitlyDenied"],
    ["data-scientist", "training job in another VPC's subnet", "sagemaker:CreateTrainingJob", job, jobContext({ "sagemaker:VpcSubnets": ["subnet-0fffffffffffffff0"] }), "ExplicitlyDenied"],
    ["data-scientist", "training job in the subnets but without a security group", "sagemaker:CreateTrainingJob", job, jobContext({ "sagemaker:VpcSecurityGroupIds": undefined }), "ExplicitlyDenied"],
    ["data-scientist", "training job with a foreign security group", "sagemaker:CreateTrainingJob", job, jobContext({ "sagemaker:VpcSecurityGroupIds": ["sg-0eeeeeeeeeeeeeeee"] }), "ExplicitlyDenied"],
    ["data-scientist", "training job without a volume KMS key", "sagemaker:CreateTrainingJob", job, jobContext({ "sagemaker:VolumeKmsKeyArn": undefined }), "ExplicitlyDenied"],
    ["data-scientist", "training job without an output KMS key", "sagemaker:CreateTrainingJob", job, jobContext({ "sagemaker:OutputKmsKeyArn": undefined }), "ExplicitlyDenied"],
    ["data-scientist", "training job without the studiouserid tag", "sagemaker:CreateTrainingJob", job, jobContext({ "aws:RequestTag/studiouserid": undefined, "aws:TagKeys": ["project"] }), "ExplicitlyDenied"],
    ["data-scientist", "processing job, compliant", "sagemaker:CreateProcessingJob", processing, jobContext(), "Allowed"],
    ["data-scientist", "processing job on a disallowed type", "sagemaker:CreateProcessingJob", processing, jobContext({ "sagemaker:InstanceTypes": ["ml.g5.48xlarge"] }), "ExplicitlyDenied"],
    ["data-scientist", "processing job without KMS output", "sagemaker:CreateProcessingJob", processing, jobContext({ "sagemaker:OutputKmsKeyArn": undefined }), "ExplicitlyDenied"],
    ["data-scientist", "Studio app in her private space on the system instance (Jupyter server)", "sagemaker:CreateApp", app, privateApp("alice", { "sagemaker:InstanceTypes": ["system"] }), "Allowed"],
    ["data-scientist", "Studio app in her private space on ml.t3.medium with the approved image", "sagemaker:CreateApp", app, privateApp("alice", { "sagemaker:InstanceTypes": ["ml.t3.medium"], "sagemaker:ImageArns": [`${APPROVED_IMAGE}/1`] }), "Allowed"],
    ["data-scientist", "Studio app in Bob's private space", "sagemaker:CreateApp", bobsApp, privateApp("bob", { "sagemaker:InstanceTypes": ["ml.t3.medium"] }), "ImplicitlyDenied"],
    ["data-scientist", "Studio app in a shared space", "sagemaker:CreateApp", app, { "sagemaker:SpaceSharingType": "Shared", "sagemaker:InstanceTypes": ["ml.t3.medium"] }, "Allowed"],
    ["data-scientist", "creates her own private space", "sagemaker:CreateSpace", alicesSpace, { "sagemaker:OwnerUserProfileArn": aliceProfile, "sagemaker:SpaceSharingType": "Private" }, "Allowed"],
    ["data-scientist", "creates a space owned by Bob", "sagemaker:CreateSpace", alicesSpace, { "sagemaker:OwnerUserProfileArn": `arn:aws:sagemaker:us-east-1:${A}:user-profile/d-abc123/bob`, "sagemaker:SpaceSharingType": "Private" }, "ImplicitlyDenied"],
    ["data-scientist", "Studio app on a GPU type outside the allow-list", "sagemaker:CreateApp", app, privateApp("alice", { "sagemaker:InstanceTypes": ["ml.g4dn.xlarge"] }), "ExplicitlyDenied"],
    ["data-scientist", "Studio app with an unapproved image", "sagemaker:CreateApp", app, privateApp("alice", { "sagemaker:InstanceTypes": ["ml.t3.medium"], "sagemaker:ImageArns": [`arn:aws:sagemaker:us-east-1:${A}:image/my-own`] }), "ExplicitlyDenied"],
    ["data-scientist", "notebook instance that leaves RootAccess to its default (Enabled)", "sagemaker:CreateNotebookInstance", `arn:aws:sagemaker:us-east-1:${A}:notebook-instance/nb2`, jobContext({ "sagemaker:OutputKmsKeyArn": undefined }), "ExplicitlyDenied"],
    ["data-scientist", "create an AppImageConfig", "sagemaker:CreateAppImageConfig", `arn:aws:sagemaker:us-east-1:${A}:app-image-config/mine`, {}, "ExplicitlyDenied"],
    ["data-scientist", "notebook instance with root access", "sagemaker:CreateNotebookInstance", `arn:aws:sagemaker:us-east-1:${A}:notebook-instance/nb`, { ...jobContext({ "sagemaker:OutputKmsKeyArn": undefined }), "sagemaker:RootAccess": "Enabled" }, "ExplicitlyDenied"],
    ["data-scientist", "register a model package (engineers only)", "sagemaker:CreateModelPackage", `arn:aws:sagemaker:us-east-1:${A}:model-package/sefaz-ml-churn-prod/1`, {}, "ImplicitlyDenied"],
    ["ml-engineer", "register a model package of the platform for review", "sagemaker:CreateModelPackage", `arn:aws:sagemaker:us-east-1:${A}:model-package/sefaz-ml-churn-prod/1`, { "sagemaker:ModelApprovalStatus": "PendingManualApproval" }, "Allowed"],
    ["ml-engineer", "register a model package already Approved (reviewers approve)", "sagemaker:CreateModelPackage", `arn:aws:sagemaker:us-east-1:${A}:model-package/sefaz-ml-churn-prod/1`, { "sagemaker:ModelApprovalStatus": "Approved" }, "ImplicitlyDenied"],
    ["ml-engineer", "tuning job without a volume KMS key", "sagemaker:CreateHyperParameterTuningJob", `arn:aws:sagemaker:us-east-1:${A}:hyper-parameter-tuning-job/t1`, jobContext({ "sagemaker:VolumeKmsKeyArn": undefined }), "ExplicitlyDenied"],
    ["ml-engineer", "update an AppImageConfig", "sagemaker:UpdateAppImageConfig", `arn:aws:sagemaker:us-east-1:${A}:app-image-config/x`, {}, "ExplicitlyDenied"],
    ["alice", "opens her own profile from the office range", "sagemaker:CreatePresignedDomainUrl", aliceProfile, { "aws:PrincipalTag/studiouserid": "alice", "sagemaker:ResourceTag/studiouserid": "alice", "aws:SourceIp": "203.0.113.10" }, "Allowed"],
    ["alice", "opens Bob's profile from the office range", "sagemaker:CreatePresignedDomainUrl", bobProfile, { "aws:PrincipalTag/studiouserid": "alice", "sagemaker:ResourceTag/studiouserid": "bob", "aws:SourceIp": "203.0.113.10" }, "ExplicitlyDenied"],
    ["alice", "opens her profile from home (outside the ranges, not via the endpoint)", "sagemaker:CreatePresignedDomainUrl", aliceProfile, { "aws:PrincipalTag/studiouserid": "alice", "sagemaker:ResourceTag/studiouserid": "alice", "aws:SourceIp": "198.51.100.7" }, "ExplicitlyDenied"],
    // Requests through a VPC endpoint carry the endpoint id and no public source IP.
    ["alice", "opens her profile through the Studio VPC endpoint", "sagemaker:CreatePresignedDomainUrl", aliceProfile, { "aws:PrincipalTag/studiouserid": "alice", "sagemaker:ResourceTag/studiouserid": "alice", "aws:SourceVpce": "vpce-0studio" }, "Allowed"],
    ["alice", "opens her profile through the SageMaker API endpoint", "sagemaker:CreatePresignedDomainUrl", aliceProfile, { "aws:PrincipalTag/studiouserid": "alice", "sagemaker:ResourceTag/studiouserid": "alice", "aws:SourceVpce": "vpce-0sagemakerapi" }, "Allowed"],
    ["alice", "has no studiouserid principal tag", "sagemaker:CreatePresignedDomainUrl", aliceProfile, { "sagemaker:ResourceTag/studiouserid": "alice", "aws:SourceIp": "203.0.113.10" }, "ExplicitlyDenied"],
];

describe("Studio guardrails, evaluated by an IAM simulator", () => {
    const docs: Record<string, object> = { "data-scientist": asAliceInStudio(personaDocument("data-scientist")), "ml-engineer": asAliceInStudio(personaDocument("ml-engineer")), alice: launch };
    const principals: Record<string, string> = {
        "data-scientist": `arn:aws:iam::${A}:role/sefaz-ml-sm-data-scientist-role-prod`,
        "ml-engineer": `arn:aws:iam::${A}:role/sefaz-ml-sm-ml-engineer-role-prod`,
        alice: `arn:aws:iam::${A}:role/StudioUsers`,
    };

    it(`answers all ${TABLE.length} questions as the table says`, async () => {
        const wrong: string[] = [];
        for (const [who, question, action, resource, context, expected] of TABLE) {
            const got = await decide({ principal: principals[who], action, resource, identityPolicies: [docs[who]], context });
            if (got !== expected) wrong.push(`${who}: ${question} (${action}): expected ${expected}, got ${got}`);
        }
        assert.deepEqual(wrong, []);
        assert.ok(TABLE.length >= 20);
    });

    it("writes every guardrail as a Deny, never as an Allow-with-condition", () => {
        const guardrails = personaGuardrails({ ctx, subnetIds: SUBNETS, securityGroupIds: [SG], allowedInstanceTypes: ALLOWED_TYPES, allowedImageArns: [], requiredJobTagKeys: ["project"] });
        assert.ok(guardrails.every((s) => s.Effect === "Deny"));
        assert.ok(!guardrails.some((s) => s.Sid === "DenyUnapprovedImages"), "no image restriction when no images are configured");
    });

    it("keeps the persona documents least-privilege (guardrail Denies on '*' are fine, Allows are scoped)", () => {
        for (const persona of ["data-scientist", "ml-engineer"]) assert.deepEqual(leastPrivilegeProblems(personaDocument(persona)), [], persona);
        assert.deepEqual(leastPrivilegeProblems(launch), []);
    });
});
