import { strict as assert } from "assert";
import fc from "fast-check";
import {
    attachedManagedPolicies,
    cannotBeScoped,
    identityFindings,
    isAdminEquivalentManagedPolicy,
    judge,
    judgeIdentityPolicy,
    parseDocument,
    resourceStarOracle,
} from "../../../policy-pack/lib/documents";
import { RESOURCE_STAR_ACTIONS } from "../../../policy-pack/lib/iamDocument";

const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const rules = (value: unknown, kind: "identity" | "trust" | "resource", options = {}) => judge(value, kind, options).map((f) => f.rule);

describe("documents: resource-level permissions from the Service Authorization Reference", () => {
    it("knows ec2:DescribeInstances and s3:ListAllMyBuckets cannot be scoped, and s3:GetObject can", async () => {
        assert.equal(await cannotBeScoped("ec2:DescribeInstances"), true);
        assert.equal(await cannotBeScoped("s3:ListAllMyBuckets"), true);
        assert.equal(await cannotBeScoped("s3:GetObject"), false);
        assert.equal(await cannotBeScoped("S3:getobject"), false, "actions are case-insensitive");
    });

    it("judges a pattern by every action it grants: ec2:DescribeRegion* cannot be scoped; ec2:Describe* and s3:Get* can", async () => {
        assert.equal(await cannotBeScoped("ec2:DescribeRegion*"), true);
        // ec2:Describe* also grants ec2:DescribeInstanceAttribute and others that take instance ARNs.
        assert.equal(await cannotBeScoped("ec2:Describe*"), false);
        assert.equal(await cannotBeScoped("s3:Get*"), false);
    });

    it("does not know invented actions or services, and the oracle treats them as scopable", async () => {
        assert.equal(await cannotBeScoped("s3:GetEverything"), undefined);
        assert.equal(await cannotBeScoped("nosuchservice:Do"), undefined);
        const oracle = await resourceStarOracle(["s3:GetEverything"]);
        assert.equal(oracle("s3:GetEverything"), false);
    });

    it("agrees with the pack's hand list, except where the list is stricter than AWS", async () => {
        // Every hand-listed action AWS cannot scope is accepted by the data alone; the others are the project's
        // own decisions, kept as configuration on top.
        const verdicts = await Promise.all(Object.keys(RESOURCE_STAR_ACTIONS).map(async (a) => [a, await cannotBeScoped(a)] as const));
        const scopable = verdicts.filter(([, v]) => v !== true).map(([a]) => a);
        assert.ok(scopable.length < Object.keys(RESOURCE_STAR_ACTIONS).length / 2, `mostly unscopable: ${scopable.join(", ")}`);
    });

    it("puts the project's lists on top: forbidden beats the data, allowed beats the data", async () => {
        const oracle = await resourceStarOracle(["ec2:DescribeInstances", "s3:ListAllMyBuckets", "s3:GetObject"], { forbidden: ["s3:ListAllMyBuckets"], allowed: ["s3:GetObject"] });
        assert.equal(oracle("ec2:DescribeInstances"), true);
        assert.equal(oracle("s3:ListAllMyBuckets"), false);
        assert.equal(oracle("s3:GetObject"), true);
    });

    it("stops asking for ARNs an action cannot take, and still asks for those it can", async () => {
        const d = doc({ Sid: "Ops", Effect: "Allow", Action: ["ec2:DescribeInstances", "s3:ListAllMyBuckets", "s3:GetObject"], Resource: "*" });
        const parsed = parseDocument(d);
        assert.ok(parsed.ok);
        const oracle = await resourceStarOracle(parsed.document.statements.flatMap((s) => s.actions));
        const findings = identityFindings(parsed.document, { allowResourceStar: oracle });
        assert.deepEqual(findings.map((f) => f.rule), ["resource-star"]);
        assert.match(findings[0].message, /allows s3:GetObject on Resource "\*"/);
        assert.doesNotMatch(findings[0].message, /Describe|ListAllMyBuckets/);
    });
});

describe("documents: identity policies", () => {
    it("finds wildcard actions, NotAction and NotResource allows", () => {
        assert.deepEqual(rules(doc({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/*" }), "identity"), ["wildcard-action"]);
        assert.deepEqual(rules(doc({ Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::b" }), "identity"), ["not-action-allow"]);
        assert.deepEqual(rules(doc({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }), "identity"), ["not-resource-allow"]);
        assert.deepEqual(rules(doc({ Effect: "Deny", Action: "*", Resource: "*" }), "identity"), [], "a Deny grants nothing");
    });

    it("finds scopable actions on wildcard ARNs of any shape, not only on *", () => {
        for (const resource of ["arn:aws:s3:::*/*", "arn:aws:iam::*:role/*", "arn:aws:sns:us-east-1:123456789012:*", "arn:aws:execute-api:us-east-1:123456789012:*/prod/*"]) {
            assert.deepEqual(rules(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: resource }), "identity"), ["resource-star"], resource);
        }
    });

    it("asks for iam:PassRole to name roles and services: no wildcard role, no wildcard service, no missing condition", () => {
        const named = "arn:aws:iam::123456789012:role/training";
        const scoped = { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } };
        assert.deepEqual(rules(doc({ Effect: "Allow", Action: "iam:PassRole", Resource: named, Condition: scoped }), "identity"), []);
        assert.deepEqual(rules(doc({ Effect: "Allow", Action: "iam:PassRole", Resource: named }), "identity"), ["passrole-unscoped"]);
        assert.deepEqual(rules(doc({ Effect: "Allow", Action: "iam:PassRole", Resource: named, Condition: { StringLike: { "iam:PassedToService": "*" } } }), "identity"), ["passrole-unscoped"]);
        assert.deepEqual(rules(doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/*", Condition: scoped }), "identity"), ["passrole-unscoped"]);
        assert.deepEqual(rules(doc({ Effect: "Allow", Action: "iam:Pass*", Resource: named, Condition: scoped }), "identity"), ["wildcard-action"], "a pattern that grants PassRole is judged as PassRole");
        assert.deepEqual(rules(doc({ Effect: "Allow", Action: "iam:Pass*", Resource: named }), "identity"), ["wildcard-action", "passrole-unscoped"]);
    });

    it("asks for a namespace on cloudwatch:PutMetricData", async () => {
        // The reference lets PutMetricData be scoped today; the pack's allow-list keeps accepting it on "*".
        const oracle = await resourceStarOracle(["cloudwatch:PutMetricData"], { allowed: ["cloudwatch:PutMetricData"] });
        assert.deepEqual(rules(doc({ Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*" }), "identity", { allowResourceStar: oracle }), ["resource-star"]);
        assert.deepEqual(rules(doc({ Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "App" } } }), "identity", { allowResourceStar: oracle }), []);
    });
});

describe("documents: trust policies", () => {
    const github = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const trust = (condition?: object, principal: object = { Federated: github }) =>
        doc({ Effect: "Allow", Principal: principal, Action: "sts:AssumeRoleWithWebIdentity", ...(condition ? { Condition: condition } : {}) });

    it("lets a GitHub OIDC trust in only with audience and subject, and a subject naming repositories", () => {
        const aud = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };
        assert.deepEqual(rules(trust({ StringEquals: aud, StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/ml:ref:refs/heads/main" } }), "trust"), []);
        const noSub = judge(trust({ StringEquals: aud }), "trust");
        assert.deepEqual(noSub.map((f) => f.rule), ["trust-federated-unconditioned"]);
        assert.match(noSub[0].message, /without subject conditions, so any repository/);
        assert.deepEqual(rules(trust({ StringEquals: aud, StringLike: { "token.actions.githubusercontent.com:sub": "repo:*" } }), "trust"), ["trust-federated-unconditioned"]);
        assert.deepEqual(rules(trust({ StringEquals: aud, StringNotEquals: { "token.actions.githubusercontent.com:sub": "repo:evil/x:*" } }), "trust"), ["trust-federated-unconditioned"], "a negated subject lets every other repository in");
        assert.deepEqual(rules(trust(), "trust"), ["trust-federated-unconditioned"]);
    });

    it("asks the same of SAML and other OIDC providers", () => {
        const saml = { Federated: "arn:aws:iam::123456789012:saml-provider/Okta" };
        assert.deepEqual(rules(trust({ StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } }, saml), "trust"), ["trust-federated-unconditioned"]);
        assert.deepEqual(rules(trust({ StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml", "SAML:sub": "alice" } }, saml), "trust"), []);
        const eks = { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC" };
        assert.deepEqual(rules(trust({ StringEquals: { "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com", "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:ml:trainer" } }, eks), "trust"), []);
    });

    it("finds any-principal trusts (in every spelling) and roles trusted by several services", () => {
        for (const principal of ["*", { AWS: "*" }, { AWS: ["*"] }]) {
            assert.deepEqual(rules(doc({ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }), "trust"), ["trust-any"]);
        }
        assert.deepEqual(rules(doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }), "trust"), []);
        assert.deepEqual(rules(doc({ Effect: "Allow", Principal: { Service: ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com"] }, Action: "sts:AssumeRole" }), "trust"), ["trust-many-services"]);
        assert.deepEqual(rules(doc({ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }), "trust"), []);
    });
});

describe("documents: admin-equivalent managed policies, attached every way", () => {
    const admin = [
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "arn:aws:iam::aws:policy/AdministratorAccess-Amplify",
        "arn:aws:iam::aws:policy/PowerUserAccess",
        "arn:aws:iam::aws:policy/IAMFullAccess",
        "arn:aws:iam::aws:policy/AmazonS3FullAccess",
        "arn:aws:iam::aws:policy/AWSLambda_FullAccess",
        "arn:aws:iam::aws:policy/CloudWatchFullAccessV2",
        "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
        "arn:aws-us-gov:iam::aws:policy/AmazonS3FullAccess",
        "arn:aws:iam::aws:policy/service-role/AWSCodeStarFullAccess",
    ];
    const fine = [
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        "arn:aws:iam::123456789012:policy/AdministratorAccess",
        "arn:aws:iam::123456789012:policy/TeamFullAccess",
    ];
    for (const arn of admin) it(`treats ${arn.split("/").pop()} (${arn.split(":")[1]}) as admin-equivalent`, () => assert.equal(isAdminEquivalentManagedPolicy(arn), true));
    for (const arn of fine) it(`does not treat ${arn} as an AWS-managed admin policy`, () => assert.equal(isAdminEquivalentManagedPolicy(arn), false));

    it("reads the ARNs of every attachment resource", () => {
        const arn = "arn:aws:iam::aws:policy/AdministratorAccess";
        const cases: Array<[string, Record<string, unknown>]> = [
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", { policyArn: arn }],
            ["aws:iam/userPolicyAttachment:UserPolicyAttachment", { policyArn: arn }],
            ["aws:iam/groupPolicyAttachment:GroupPolicyAttachment", { policyArn: arn }],
            ["aws:iam/policyAttachment:PolicyAttachment", { policyArn: arn }],
            ["aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", { policyArns: [arn] }],
            ["aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", { policyArns: [arn] }],
            ["aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive", { policyArns: [arn] }],
            ["aws:iam/role:Role", { managedPolicyArns: [arn] }],
            ["aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", { managedPolicyArn: arn }],
            ["aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive", { managedPolicyArns: [arn] }],
        ];
        for (const [type, props] of cases) assert.deepEqual(attachedManagedPolicies(type, props), [arn], type);
        assert.deepEqual(attachedManagedPolicies("aws:s3/bucket:Bucket", { policyArn: arn }), []);
    });

    it("never calls a customer-managed policy AWS-managed, whatever its name (property)", () => {
        fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/), (name) => assert.equal(isAdminEquivalentManagedPolicy(`arn:aws:iam::123456789012:policy/${name}`), false)));
    });
});

describe("documents: the one call iam-least-privilege needs", () => {
    it("judges a document as text, with the reference and the configured allow-list, and fails closed", async () => {
        const text = JSON.stringify(doc({ Sid: "Mixed", Effect: "Allow", Action: ["ec2:DescribeRegions", "s3:GetObject", "cloudwatch:PutMetricData"], Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "App" } } }));
        const found = await judgeIdentityPolicy(text, { allowed: ["cloudwatch:PutMetricData"] });
        assert.deepEqual(found.map((f) => f.problem), ['statement "Mixed" allows s3:GetObject on Resource "*"']);
        assert.deepEqual((await judgeIdentityPolicy("not json")).map((f) => f.rule), ["unparseable"]);
    });
});
