import { strict as assert } from "assert";
import fc from "fast-check";
import { MlRoles, mlopsRoleIdentity, mlopsRolePolicy } from "../../components/mlRoles";
import { personaAccess, personaRoleIdentity, personaRolePolicy } from "../../components/personaRole";
import { Naming } from "../../components/naming";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { ProgramRun } from "../../tools/offline/runProgram";
import { decide } from "../iamSimulator";
import { doc, inlineRun, inputs, ofType, stackRun } from "../harness";
import { leastPrivilegeProblems, trustedPrincipals } from "../support/iamDocuments";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const A = MOCK_ACCOUNT_ID;
const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:${A}:${resource}`;

/** Role ARN, trust and permission document of each role of a run, by role name. */
function rolesOf(run: ProgramRun) {
    const mlRoles = run.resources.find((r) => r.type === "mlplatform:components:MlRoles")!;
    // The MLOps role is MlRoles' own; each persona role belongs to the persona's PersonaRole (the stack's).
    const owners = new Set([mlRoles.urn, ...run.resources.filter((r) => r.type === "mlplatform:components:PersonaRole").map((r) => r.urn)]);
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

describe("MlRoles", () => {
    for (const stack of ["dev", "prod"]) {
        describe(`in the ${stack} stack`, () => {
            let roles: ReturnType<typeof rolesOf>;
            before(async () => (roles = rolesOf(await stackRun(stack))));

            it("creates only the MLOps role and one role per persona, named after the seeds", () => {
                // Only roles a workload uses: pipelines own their build, task, state machine and schedule roles.
                assert.deepEqual(roles.map((r) => r.name).sort(), [
                    `sefaz-ml-mlops-role-${stack}`,
                    `sefaz-ml-sm-data-scientist-role-${stack}`,
                    `sefaz-ml-sm-ml-engineer-role-${stack}`,
                ]);
                assert.equal(roles.find((r) => r.name.startsWith("sefaz-ml-mlops"))!.path, "/service-role/");
            });

            it("trusts exactly one service principal per role, for this account only", () => {
                for (const role of roles) {
                    const trust = trustedPrincipals(role.trust);
                    assert.equal(trust.services.length, 1, role.name);
                    assert.deepEqual(trust.other, [], role.name);
                    assert.equal(trust.any, false, role.name);
                    for (const st of role.trust.Statement) {
                        // Studio (USER_PROFILE_NAME identity) sets the source identity when it assumes persona roles.
                        assert.deepEqual(st.Action, role.name.includes("-sm-") ? ["sts:AssumeRole", "sts:SetSourceIdentity"] : "sts:AssumeRole", role.name);
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
            ["mlops", "codecommit:GitPull", arn("codecommit", "model-build-pipeline"), {}, "Allowed"],
            ["mlops", "codecommit:GitPull", arn("codecommit", "unrelated-repo"), {}, "ImplicitlyDenied"],
            ["mlops", "iam:PassRole", roleArn("sm-ml-engineer"), { "iam:PassedToService": "sagemaker.amazonaws.com" }, "Allowed"],
            ["mlops", "s3:DeleteBucket", artifacts, {}, "ImplicitlyDenied"],
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
                    const engineerRole = ps.includes("ml-engineer") ? personaRoleIdentity(naming, "ml-engineer") : undefined;
                    const docs: Record<string, ReturnType<typeof mlopsRolePolicy>> = {
                        mlops: mlopsRolePolicy({ naming, ctx, artifactsBucketArn, kmsKeyArn, mlops: { buildRepositoryName: "b", deployRepositoryName: "d" }, engineerRole }),
                        ...Object.fromEntries(ps.map((p) => [p, personaRolePolicy({ naming, ctx, persona: p, access: personaAccess(p), dataBucketArn, artifactsBucketArn, kmsKeyArn })])),
                    };
                    const ids = [mlopsRoleIdentity(naming), ...ps.map((p) => personaRoleIdentity(naming, p))];
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

        it("lets the MLOps role pass exactly the engineer role it is given, to SageMaker only, and none without one", () => {
            const naming = new Naming("sefaz-ml", "dev");
            const ctx = { partition: "aws", accountId: A, region: "us-east-1" };
            const base = { naming, ctx, artifactsBucketArn: "arn:aws:s3:::a", kmsKeyArn: "k", mlops: { buildRepositoryName: "b", deployRepositoryName: "d" } };
            const passes = (d: ReturnType<typeof mlopsRolePolicy>) => d.Statement.filter((s) => s.Action.includes("iam:PassRole"));
            const [pass] = passes(mlopsRolePolicy({ ...base, engineerRole: personaRoleIdentity(naming, "ml-engineer") }));
            assert.deepEqual(pass.Resource, [`arn:aws:iam::${A}:role/sefaz-ml-sm-ml-engineer-role-dev`]);
            assert.deepEqual(pass.Condition, { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } });
            assert.deepEqual(passes(mlopsRolePolicy(base)), []);
        });
    });

    it("holds only the MLOps role: every persona role is a PersonaRole of the stack, and the stack parses no role keys", async () => {
        const run = await stackRun("dev");
        const mlRoles = run.resources.find((r) => r.type === "mlplatform:components:MlRoles")!;
        assert.deepEqual(ofType(run, ROLE).filter((r) => r.parent === mlRoles.urn).map((r) => r.name), ["roles-mlops"]);
        const personas = run.resources.filter((r) => r.type === "mlplatform:components:PersonaRole");
        assert.deepEqual(personas.map((p) => p.name).sort(), ["roles-sagemaker-data-scientist", "roles-sagemaker-ml-engineer"]);
        const stack = run.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
        for (const p of personas) assert.equal(p.parent, stack.urn, p.name);
    });

    it("names the engineer role it is handed by reference in the MLOps policy", async () => {
        const run = await inlineRun(
            () =>
                new MlRoles("roles", {
                    prefix: "team",
                    environment: "dev",
                    artifactsBucketArn: "arn:aws:s3:::a",
                    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k",
                    mlops: { buildRepositoryName: "b", deployRepositoryName: "d" },
                    engineerRole: { roleName: "team-sm-builder-role-dev", path: "/ml/" },
                }),
        );
        const policy = doc(ofType(run, ROLE_POLICY)[0], "policy");
        const pass = policy.Statement.find((s: { Sid: string }) => s.Sid === "PassEngineerRoleToSageMakerOnly");
        assert.deepEqual(pass.Resource, [`arn:aws:iam::${A}:role/ml/team-sm-builder-role-dev`]);
    });
});
