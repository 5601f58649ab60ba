import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { inlineRun, policyPack, skipsOf, violationsOf } from "../harness";

const TAGS = { project: "p", environment: "dev", owner: "team", "cost-center": "cc" };

describe("KMS policies", () => {
    it("kms-key-rotation-enabled reports a symmetric key without rotation and passes one with it", async () => {
        const run = await inlineRun(() => {
            new aws.kms.Key("unrotated", { enableKeyRotation: false });
            new aws.kms.Key("rotated", { enableKeyRotation: true });
            new aws.kms.Key("signing", { customerMasterKeySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" });
        });
        const found = await violationsOf(run, "kms-key-rotation-enabled");
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0], /^unrotated: Key "unrotated" does not rotate its key material\. Fix: set enableKeyRotation: true/);
    });
});

describe("IAM policies", () => {
    const roleWith = (name: string, statements: object[], trust?: object) => {
        const role = new aws.iam.Role(name, {
            assumeRolePolicy: JSON.stringify(
                trust ?? { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            ),
        });
        new aws.iam.RolePolicy(name, { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });
    };

    it("iam-least-privilege passes scoped statements and allow-listed '*' actions", async () => {
        const run = await inlineRun(() =>
            roleWith("scoped", [
                { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] },
                { Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
                { Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/x", Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } },
            ]),
        );
        assert.deepEqual(await violationsOf(run, "iam-least-privilege"), []);
    });

    const bad: Array<[string, object, RegExp]> = [
        ["the seeds' s3:*", { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::*" }, /allows wildcard action\(s\) s3:\*: list the exact actions/],
        ["Action '*'", { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }, /allows wildcard action\(s\) \*/],
        ["a restrictable action on '*'", { Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, /allows s3:GetObject on Resource "\*": scope it to ARNs/],
        ["iam:PassRole on '*'", { Effect: "Allow", Action: "iam:PassRole", Resource: "*" }, /iam:PassRole without an iam:PassedToService condition/],
        ["seed 001's account-wide ARN pattern", { Effect: "Allow", Action: "codecommit:GitPull", Resource: "arn:aws:codecommit:*:*:*" }, /allows codecommit:GitPull on Resource "arn:aws:codecommit:\*:\*:\*" \(as good as "\*"\)/],
        ["a truncated ARN", { Effect: "Allow", Action: "logs:PutLogEvents", Resource: "arn:aws:logs:*" }, /on Resource "arn:aws:logs:\*" \(as good as "\*"\)/],
        ["every bucket", { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::*" }, /on Resource "arn:aws:s3:::\*"/],
        ["PassRole on every role of any account", { Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::*:role/*", Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } }, /iam:PassRole on Resource "\*": list the role ARNs|allows iam:PassRole on Resource "arn:aws:iam::\*:role\/\*"/],
        ["NotAction", { Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::b" }, /allows NotAction iam:\*/],
        ["PutMetricData without a namespace", { Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*" }, /without a cloudwatch:namespace condition/],
    ];
    for (const [label, statement, message] of bad) {
        it(`iam-least-privilege reports ${label}`, async () => {
            const found = await violationsOf(await inlineRun(() => roleWith("loose", [statement])), "iam-least-privilege");
            assert.ok(found.length >= 1);
            assert.match(found.join("\n"), message);
            assert.match(found[0], /^loose: RolePolicy "loose" policy: statement #1/);
        });
    }

    it("iam-least-privilege honours a configured allow-list", async () => {
        const run = await inlineRun(() => roleWith("cfg", [{ Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" }]));
        assert.equal((await violationsOf(run, "iam-least-privilege")).length, 1);
        assert.deepEqual(await violationsOf(run, "iam-least-privilege", { "iam-least-privilege": { allowedResourceStarActions: ["ec2:DescribeInstances"] } }), []);
    });

    it("iam-least-privilege reads inline role policies too", async () => {
        const run = await inlineRun(() => {
            new aws.iam.Role("inline", {
                assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
                inlinePolicies: [{ name: "wide", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] }) }],
            });
        });
        assert.match((await violationsOf(run, "iam-least-privilege")).join("\n"), /inlinePolicies\[0\] \(wide\): statement #1 allows wildcard action\(s\) logs:\*/);
    });

    it("iam-role-trust-scoped reports the seed's role trusted by many services and a '*' principal", async () => {
        const run = await inlineRun(() => {
            roleWith("many", [], { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: ["glue.amazonaws.com", "sagemaker.amazonaws.com"] }, Action: "sts:AssumeRole" }] });
            roleWith("anyone", [], { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] });
            roleWith("one", []);
        });
        const found = await violationsOf(run, "iam-role-trust-scoped");
        assert.equal(found.length, 2, found.join("\n"));
        assert.match(found.join("\n"), /many: Role "many" is trusted by 2 services \(glue\.amazonaws\.com, sagemaker\.amazonaws\.com\)\. Fix: create one role per service/);
        assert.match(found.join("\n"), /anyone: Role "anyone" trusts any principal/);
    });

    it("skip policy documents that are unknown in preview", async () => {
        const run = await inlineRun(
            () => {
                const bucket = new aws.s3.Bucket("b", {});
                const role = new aws.iam.Role("r", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
                new aws.iam.RolePolicy("r", { role: role.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: bucket.arn }] }) });
            },
            { preview: true },
        );
        assert.deepEqual(await violationsOf(run, "iam-least-privilege"), []);
        // ...and says so: the engine reports the skip as an advisory.
        assert.deepEqual(await skipsOf(run, "iam-least-privilege"), [
            `can't run policy 'iam-least-privilege' from policy pack 'mlplatform-guardrails@v0.1.0' during preview: skipped for RolePolicy "r" policy: it depends on values known only after the update, and is checked then`,
        ]);
    });
});

describe("tag policies", () => {
    it("required-tags accepts tags from the provider's default tags or the resource, and reports missing ones", async () => {
        const run = await inlineRun(() => {
            const tagged = new aws.Provider("tagged", { region: "us-east-1", defaultTags: { tags: TAGS } });
            const partial = new aws.Provider("partial", { region: "us-east-1", defaultTags: { tags: { project: "p" } } });
            new aws.sns.Topic("via-provider", {}, { provider: tagged });
            new aws.sns.Topic("via-resource", { tags: { environment: "dev", owner: "team", "cost-center": "cc" } }, { provider: partial });
            new aws.sns.Topic("missing", { tags: { owner: "" } }, { provider: partial });
            // Not taggable: never reported.
            new aws.s3.BucketVersioning("v", { bucket: "x", versioningConfiguration: { status: "Enabled" } }, { provider: partial });
        });
        const found = await violationsOf(run, "required-tags");
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0], /^missing: Topic "missing" is missing required tag\(s\) environment, owner, cost-center\. Fix: .*defaultTags/);
    });

    it("required-tags does not credit default tags to resources whose tags are a list (autoscaling groups)", async () => {
        const run = await inlineRun(() => {
            const tagged = new aws.Provider("tagged", { region: "us-east-1", defaultTags: { tags: TAGS } });
            new aws.autoscaling.Group("asg", { maxSize: 1, minSize: 0, tags: [{ key: "project", value: "p", propagateAtLaunch: true }] }, { provider: tagged });
        });
        assert.match((await violationsOf(run, "required-tags")).join(), /asg: Group "asg" is missing required tag\(s\) environment, owner, cost-center/);
    });

    it("required-tags reads the default provider's aws:defaultTags config, as the engine passes it", async () => {
        const config = { "aws:defaultTags": JSON.stringify({ tags: TAGS }) };
        const run = await inlineRun(() => new aws.sns.Topic("default-provider", {}), { config });
        assert.deepEqual(await violationsOf(run, "required-tags"), []);
        const untagged = await inlineRun(() => new aws.sns.Topic("default-provider", {}));
        assert.equal((await violationsOf(untagged, "required-tags")).length, 1);
    });

    it("required-tags takes the required keys from the pack's config", async () => {
        const run = await inlineRun(() => new aws.sns.Topic("t", { tags: { team: "x" } }));
        assert.deepEqual(await violationsOf(run, "required-tags", { "required-tags": { requiredTags: ["team"] } }), []);
        assert.match((await violationsOf(run, "required-tags", { "required-tags": { requiredTags: ["team", "data-classification"] } })).join(), /missing required tag\(s\) data-classification/);
    });
});

describe("more IAM, tag and secret policies", () => {
    const names = async (policy: string, build: () => void) => (await violationsOf(await inlineRun(build), policy)).map((v) => v.split(":")[0]).sort();
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] });

    it("iam-role-no-policy-management-conflicts", async () => {
        assert.deepEqual(
            await names("iam-role-no-policy-management-conflicts", () => {
                const mixed = new aws.iam.Role("mixed", { assumeRolePolicy: trust, inlinePolicies: [{ name: "inline", policy }] });
                new aws.iam.RolePolicy("mixed", { role: mixed.name, policy });
                const separate = new aws.iam.Role("separate", { assumeRolePolicy: trust });
                new aws.iam.RolePolicy("separate", { role: separate.name, policy });
            }),
            ["mixed"],
        );
    });

    it("required-tags checks the environment tag against the allowed values", async () => {
        const run = await inlineRun(() => {
            new aws.sns.Topic("qa", { tags: { ...TAGS, environment: "qa-2" } });
            new aws.sns.Topic("dev", { tags: TAGS });
        });
        const found = await violationsOf(run, "required-tags");
        assert.deepEqual(found.map((f) => f.split(":")[0]), ["qa"]);
        assert.match(found[0], /has environment tag "qa-2"\. Fix: use one of dev, test, staging, prod/);
        assert.deepEqual(await violationsOf(run, "required-tags", { "required-tags": { allowedEnvironments: ["dev", "qa-2"] } }), []);
    });

    it("secretsmanager-secret-rotation links rotations to their secret", async () => {
        assert.deepEqual(
            await names("secretsmanager-secret-rotation", () => {
                const rotated = new aws.secretsmanager.Secret("rotated", {});
                new aws.secretsmanager.SecretRotation("rotated", { secretId: rotated.id, rotationLambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:rotate", rotationRules: { automaticallyAfterDays: 30 } });
                new aws.secretsmanager.Secret("static", {});
                new aws.secretsmanager.Secret("exempt", { tags: { "mlplatform:exempt:secretsmanager-secret-rotation": "A partner API key that only the partner can rotate" } });
            }),
            ["static"],
        );
    });
});

describe("remediation", () => {
    it("required-tags-remediation is off by default and, when enabled, adds only the missing required tags", async () => {
        const run = await inlineRun(() => {
            const partial = new aws.Provider("partial", { region: "us-east-1", defaultTags: { tags: { project: "p" } } });
            new aws.sns.Topic("untagged", { tags: { owner: "team-a" } }, { provider: partial });
            new aws.sns.Topic("complete", { tags: { environment: "dev", owner: "o", "cost-center": "c" } }, { provider: partial });
        });
        const pack = await policyPack();
        await pack.configure({});
        assert.deepEqual(await pack.remediate(run), [], "disabled by default");
        await pack.configure({ "required-tags-remediation": { enforcementLevel: "remediate", defaultTagValues: { environment: "dev", owner: "platform", "cost-center": "CC-0" } } });
        const changes = await pack.remediate(run);
        assert.deepEqual(
            changes.map((c) => [c.urn.split("::").pop(), c.policy, c.properties.tags]),
            [["untagged", "required-tags-remediation", { owner: "team-a", environment: "dev", "cost-center": "CC-0" }]],
        );
        await pack.configure({});
    });
});
