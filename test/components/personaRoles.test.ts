import { strict as assert } from "assert";
import fc from "fast-check";
import { personaAccess, personaRoleIdentity, personaRolePolicy } from "../../components/personaRole";
import { Naming } from "../../components/naming";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { ProgramRun } from "../../tools/offline/runProgram";
import { decide } from "../iamSimulator";
import { doc, inputs, ofType, stackRun } from "../harness";
import { leastPrivilegeProblems, trustedPrincipals } from "../support/iamDocuments";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const A = MOCK_ACCOUNT_ID;
const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:${A}:${resource}`;

/** Role ARN, trust and permission document of each role of a run, by role name. */
function rolesOf(run: ProgramRun) {
    // Each persona role belongs to the persona's PersonaRole (the stack's); MLOps projects and pipelines own theirs.
    const owners = new Set(run.resources.filter((r) => r.type === "mlplatform:components:PersonaRole").map((r) => r.urn));
    return ofType(run, ROLE).filter((role) => owners.has(role.parent!)).map((role) => {
        const policies = ofType(run, ROLE_POLICY).filter((p) => p.parent === role.urn);
        assert.equal(policies.length, 1, `${role.name} has one RolePolicy`);
        return {
            name: inputs(role).name as string,
            path: inputs(role).path as string,
            arn: role.rawOutputs.arn as string,
            trust: doc(role, "assumeRolePolicy"),
            permissions: doc(policies[0], "policy"),
            inline: inputs(role).inlinePolicies,
        };
    });
}

describe("persona execution roles of the stack", () => {
    for (const stack of ["dev", "prod"]) {
        describe(`in the ${stack} stack`, () => {
            let roles: ReturnType<typeof rolesOf>;
            before(async () => (roles = rolesOf(await stackRun(stack))));

            it("creates one role per persona, named after the seeds, and no platform-wide MLOps role", () => {
                // Only roles a workload uses: pipelines and MLOps projects own their roles.
                assert.deepEqual(roles.map((r) => r.name).sort(), [`sefaz-ml-sm-data-scientist-role-${stack}`, `sefaz-ml-sm-ml-engineer-role-${stack}`]);
            });

            it("trusts exactly one service principal per role, for this account only", () => {
                for (const role of roles) {
                    const trust = trustedPrincipals(role.trust);
                    assert.equal(trust.services.length, 1, role.name);
                    assert.deepEqual(trust.other, [], role.name);
                    assert.equal(trust.any, false, role.name);
                    for (const st of role.trust.Statement) {
                        // Studio (USER_PROFILE_NAME identity) sets the source identity when it assumes persona roles.
                        assert.deepEqual(st.Action, ["sts:AssumeRole", "sts:SetSourceIdentity"], role.name);
                        assert.deepEqual(st.Condition, { StringEquals: { "aws:SourceAccount": A } }, role.name);
                    }
                }
            });

            it("keeps permissions in a separate RolePolicy, never inline on the role", () => {
                for (const role of roles) assert.equal(role.inline, undefined, role.name);
            });

            it("has no wildcard action, no '*' resource outside the allow-list, no unscoped iam:PassRole", () => {
                for (const role of roles) assert.deepEqual(leastPrivilegeProblems(role.permissions), [], role.name);
            });
        });
    }

    describe("permissions, evaluated by an IAM simulator (dev)", () => {
        let byName: Map<string, ReturnType<typeof rolesOf>[number]>;
        before(async () => (byName = new Map(rolesOf(await stackRun("dev")).map((r) => [r.name.replace(/^sefaz-ml-|-role-dev$/g, ""), r]))));
        const ask = (role: string, action: string, resource: string, context: Record<string, string> = {}) => {
            const r = byName.get(role)!;
            return decide({ principal: r.arn, action, resource, identityPolicies: [r.permissions], context });
        };
        const data = `arn:aws:s3:::sefaz-ml-data-dev-${A}-us-east-1`;
        const artifacts = `arn:aws:s3:::sefaz-ml-artifacts-dev-${A}-us-east-1`;
        const roleArn = (name: string) => `arn:aws:iam::${A}:role/sefaz-ml-${name}-role-dev`;

        // role, action, resource, context, expected
        const table: Array<[string, string, string, Record<string, string>, string]> = [
            ["sm-data-scientist", "s3:PutObject", `${artifacts}/experiments/run1/model.tar.gz`, {}, "Allowed"],
            ["sm-data-scientist", "s3:PutObject", `${data}/raw/x.csv`, {}, "ImplicitlyDenied"],
            ["sm-data-scientist", "sagemaker:CreateModelPackage", arn("sagemaker", "model-package/sefaz-ml-churn/1"), {}, "ImplicitlyDenied"],
            ["sm-data-scientist", "iam:PassRole", roleArn("sm-data-scientist"), { "iam:PassedToService": "sagemaker.amazonaws.com" }, "Allowed"],
            ["sm-data-scientist", "iam:PassRole", roleArn("sm-ml-engineer"), { "iam:PassedToService": "sagemaker.amazonaws.com" }, "ImplicitlyDenied"],
            // Jobs create their network interfaces only in the platform's subnets and security groups, in this account.
            ["sm-data-scientist", "ec2:CreateNetworkInterface", arn("ec2", "subnet/subnet-0fffffffffffffff0"), {}, "ImplicitlyDenied"],
            ["sm-data-scientist", "ec2:CreateNetworkInterface", arn("ec2", "security-group/sg-0eeeeeeeeeeeeeeee"), {}, "ImplicitlyDenied"],
            ["sm-data-scientist", "ec2:DeleteNetworkInterface", "arn:aws:ec2:us-east-1:210987654321:network-interface/eni-0123456789abcdef0", {}, "ImplicitlyDenied"],
            ["sm-data-scientist", "ec2:DeleteVpc", arn("ec2", "vpc/vpc-0123456789abcdef0"), {}, "ImplicitlyDenied"],
            ["sm-ml-engineer", "s3:PutObject", `${data}/processed/x.parquet`, {}, "Allowed"],
            ["sm-ml-engineer", "cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "/aws/sagemaker/TrainingJobs" }, "Allowed"],
            ["sm-ml-engineer", "cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "Custom/Other" }, "ImplicitlyDenied"],
            // An engineer registers models for review only: an Approved package would start an MLOps deploy.
            ["sm-ml-engineer", "sagemaker:CreateModelPackage", arn("sagemaker", "model-package/sefaz-ml-churn-dev/1"), { "sagemaker:ModelApprovalStatus": "PendingManualApproval" }, "Allowed"],
            ["sm-ml-engineer", "sagemaker:CreateModelPackage", arn("sagemaker", "model-package/sefaz-ml-churn-dev/1"), { "sagemaker:ModelApprovalStatus": "Approved" }, "ImplicitlyDenied"],
        ];
        for (const [role, action, resource, context, expected] of table) {
            const when = Object.entries(context).map(([k, v]) => `${k}=${v}`).join(", ");
            it(`${role} ${action} on ${resource.split(":").slice(5).join(":") || resource}${when ? ` (${when})` : ""}: ${expected}`, async () => {
                assert.equal(await ask(role, action, resource, context), expected);
            });
        }
    });

    describe("role plan (pure)", () => {
        const prefix = fc.stringMatching(/^[a-z][a-z0-9-]{1,10}[a-z0-9]$/);
        const env = fc.constantFrom("dev", "staging", "prod");
        const account = fc.stringMatching(/^\d{12}$/);
        const personas = fc.subarray(["data-scientist", "ml-engineer"]);

        it("is least-privilege and scoped to its own account for any prefix, environment and personas", () => {
            fc.assert(
                fc.property(prefix, env, account, personas, (p, e, acct, ps) => {
                    const naming = new Naming(p, e);
                    const ctx = { partition: "aws", accountId: acct, region: "sa-east-1" };
                    const dataBucketArn = `arn:aws:s3:::${naming.bucketName("data", ctx)}`;
                    const artifactsBucketArn = `arn:aws:s3:::${naming.bucketName("artifacts", ctx)}`;
                    const kmsKeyArn = `arn:aws:kms:sa-east-1:${acct}:key/k`;
                    const docs = Object.fromEntries(ps.map((p) => [p, personaRolePolicy({ naming, ctx, persona: p, access: personaAccess(p), dataBucketArn, artifactsBucketArn, kmsKeyArn })]));
                    const ids = ps.map((p) => personaRoleIdentity(naming, p));
                    for (const [key, d] of Object.entries(docs)) {
                        assert.deepEqual(leastPrivilegeProblems(d), [], key);
                        for (const st of d.Statement) {
                            for (const r of st.Resource) {
                                // Every ARN is this account's (S3 ARNs carry it in the bucket name), or an allow-listed "*".
                                assert.ok(r === "*" || r.includes(`:${acct}:`) || r.includes(`-${acct}-sa-east-1`), `${key} ${st.Sid}: ${r}`);
                                assert.ok(r === "*" || r.startsWith("arn:aws:"), r);
                            }
                        }
                    }
                    for (const id of ids) assert.ok(id.roleName.length <= 64, id.roleName);
                    return true;
                }),
                { numRuns: 200 },
            );
        });
    });

    it("makes every persona role a PersonaRole of the stack", async () => {
        const run = await stackRun("dev");
        assert.equal(run.resources.some((r) => r.type === "mlplatform:components:MlRoles"), false);
        const personas = run.resources.filter((r) => r.type === "mlplatform:components:PersonaRole");
        assert.deepEqual(personas.map((p) => p.name).sort(), ["roles-sagemaker-data-scientist", "roles-sagemaker-ml-engineer"]);
        const stack = run.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
        for (const p of personas) assert.equal(p.parent, stack.urn, p.name);
    });
});
