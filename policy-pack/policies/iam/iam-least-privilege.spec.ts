import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { inlineRun, skipsOf, violationsOf } from "../../../test/harness";
import { ECS_TRUST, roleWith } from "../../../test/support/policySpec";

describe("iam-least-privilege", () => {
    it("passes scoped statements and allow-listed '*' actions", async () => {
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
        ["PassRole on every role of any account", { Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::*:role/*", Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } }, /allows iam:PassRole on "arn:aws:iam::\*:role\/\*": list the role ARNs/],
        ["NotAction", { Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::b" }, /allows NotAction iam:\*/],
        ["PutMetricData without a namespace", { Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*" }, /without a cloudwatch:namespace condition/],
    ];
    for (const [label, statement, message] of bad) {
        it(`reports ${label}`, async () => {
            const found = await violationsOf(await inlineRun(() => roleWith("loose", [statement])), "iam-least-privilege");
            assert.ok(found.length >= 1);
            assert.match(found.join("\n"), message);
            assert.match(found[0], /^loose: RolePolicy "loose" policy: statement #1/);
        });
    }

    it("accepts on '*' actions AWS cannot scope, by the Service Authorization Reference (no hand list needed)", async () => {
        // None of these is on the project's hand list: ec2:Describe* and s3:ListAllMyBuckets have no resource types.
        const run = await inlineRun(() =>
            roleWith("unscopable", [
                { Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:DescribeImages", "s3:ListAllMyBuckets", "sts:GetCallerIdentity"], Resource: "*" },
            ]),
        );
        assert.deepEqual(await violationsOf(run, "iam-least-privilege"), []);
    });

    it("still reports a scopable action that shares a statement with unscopable ones, naming only it", async () => {
        const run = await inlineRun(() => roleWith("mixed", [{ Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:TerminateInstances"], Resource: "*" }]));
        const found = await violationsOf(run, "iam-least-privilege");
        assert.equal(found.length, 1);
        assert.match(found[0], /allows ec2:TerminateInstances on Resource "\*": scope it to ARNs/);
        assert.doesNotMatch(found[0], /DescribeInstances/);
    });

    it("reports an invented action on '*' (the reference does not know it, so it is not accepted)", async () => {
        const run = await inlineRun(() => roleWith("invented", [{ Effect: "Allow", Action: "ec2:DescribeEverythingPlease", Resource: "*" }]));
        assert.match((await violationsOf(run, "iam-least-privilege")).join("\n"), /allows ec2:DescribeEverythingPlease on Resource "\*"/);
    });

    it("honours the configured lists on top: allowed accepts a scopable action, forbidden refuses an unscopable one", async () => {
        const run = await inlineRun(() =>
            roleWith("cfg", [
                { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
                { Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" },
            ]),
        );
        const byDefault = await violationsOf(run, "iam-least-privilege");
        assert.equal(byDefault.length, 1);
        assert.match(byDefault[0], /statement #1 allows s3:GetObject/);
        const configured = await violationsOf(run, "iam-least-privilege", {
            "iam-least-privilege": { allowedResourceStarActions: ["s3:GetObject"], forbiddenResourceStarActions: ["ec2:Describe*"] },
        });
        assert.equal(configured.length, 1);
        assert.match(configured[0], /statement #2 allows ec2:DescribeInstances on Resource "\*"/);
    });

    it("reports a document it cannot parse instead of skipping it (fail closed)", async () => {
        const run = await inlineRun(() => {
            const role = new aws.iam.Role("garbled", { assumeRolePolicy: ECS_TRUST });
            new aws.iam.RolePolicy("garbled", { role: role.name, policy: "{ not json" });
        });
        assert.match((await violationsOf(run, "iam-least-privilege")).join("\n"), /RolePolicy "garbled" policy: cannot be judged: .*write a well-formed policy document/);
    });

    it("reports iam:PassRole to a wildcard service", async () => {
        const run = await inlineRun(() =>
            roleWith("passany", [{ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/x", Condition: { StringLike: { "iam:PassedToService": "*" } } }]),
        );
        assert.match((await violationsOf(run, "iam-least-privilege")).join("\n"), /allows iam:PassRole to services \*: name each service exactly/);
    });

    it("reads inline role policies too", async () => {
        const run = await inlineRun(() => {
            new aws.iam.Role("inline", {
                assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
                inlinePolicies: [{ name: "wide", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] }) }],
            });
        });
        assert.match((await violationsOf(run, "iam-least-privilege")).join("\n"), /inlinePolicies\[0\] \(wide\): statement #1 allows wildcard action\(s\) logs:\*/);
    });

    it("skips policy documents that are unknown in preview, and says so", async () => {
        const run = await inlineRun(
            () => {
                const bucket = new aws.s3.Bucket("b", {});
                const role = new aws.iam.Role("r", { assumeRolePolicy: ECS_TRUST });
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
