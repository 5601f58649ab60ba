import { strict as assert } from "assert";
import { ComponentArgsError } from "../../components/args";
import { PersonaRole, PersonaRoleArgs } from "../../components/personaRole";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { doc, inlineRun, one } from "../harness";

const ARGS: PersonaRoleArgs = {
    prefix: "acme-ml",
    environment: "dev",
    persona: "analyst",
    access: { writeData: [], writeArtifacts: ["reports/*"], modelRegistry: false },
    dataBucketArn: "arn:aws:s3:::acme-data",
    artifactsBucketArn: "arn:aws:s3:::acme-artifacts",
    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k",
};

const statement = (policy: any, sid: string) => policy.Statement.find((s: any) => s.Sid === sid);

describe("PersonaRole", () => {
    it("owns one SageMaker execution role and its least-privilege policy, with the persona's own access", async () => {
        const run = await inlineRun(() => new PersonaRole("analyst", ARGS));
        const role = one(run, "aws:iam/role:Role");
        const policy = one(run, "aws:iam/rolePolicy:RolePolicy");
        assert.equal(role.parent, one(run, "mlplatform:components:PersonaRole").urn);
        assert.equal(policy.parent, role.urn);
        assert.equal(role.rawInputs.name, "acme-ml-sm-analyst-role-dev");
        const trust = doc(role, "assumeRolePolicy");
        assert.deepEqual(trust.Statement[0].Action, "sts:AssumeRole", "no Studio: no source identity");
        assert.deepEqual(trust.Statement[0].Principal, { Service: "sagemaker.amazonaws.com" });
        const permissions = doc(policy, "policy");
        assert.deepEqual(statement(permissions, "WritePersonaPrefixes").Resource, ["arn:aws:s3:::acme-artifacts/reports/*"]);
        assert.equal(statement(permissions, "RegisterModels"), undefined);
        assert.deepEqual(statement(permissions, "PassOwnRoleToSageMakerOnly").Resource, [`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/acme-ml-sm-analyst-role-dev`]);
        assert.deepEqual(role.aliases, [], "a new persona role has no earlier URN");
    });

    it("carries the Studio guardrails (Deny statements) and lets Studio set the source identity when Studio uses the role", async () => {
        const studioGuardrails = {
            subnetIds: ["subnet-1"],
            securityGroupIds: ["sg-1"],
            allowedInstanceTypes: ["ml.t3.medium"],
            allowedImageArns: [],
            requiredJobTagKeys: ["project"],
        };
        const run = await inlineRun(() => new PersonaRole("analyst", { ...ARGS, studioGuardrails }));
        assert.deepEqual(doc(one(run, "aws:iam/role:Role"), "assumeRolePolicy").Statement[0].Action, ["sts:AssumeRole", "sts:SetSourceIdentity"]);
        const denies = doc(one(run, "aws:iam/rolePolicy:RolePolicy"), "policy").Statement.filter((s: any) => s.Effect === "Deny");
        assert.ok(denies.length > 0, "guardrail Deny statements present");
    });

    it("refuses a bad persona name before registering anything, naming the key", () => {
        assert.throws(() => new PersonaRole("x", { ...ARGS, persona: "Bad Name" }), (err: unknown) => err instanceof ComponentArgsError && /persona/.test(err.message));
    });
});
