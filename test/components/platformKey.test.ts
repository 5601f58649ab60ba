import { strict as assert } from "assert";
import { PlatformKey } from "../../components/platformKey";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { ProgramError, ProgramRun } from "../../tools/offline/runProgram";
import { decide } from "../iamSimulator";
import { ask, stackDocuments } from "../support/stackDocuments";
import { doc, inlineRun, inputs, one, stackRun } from "../harness";

const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";
const ROLE = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/sefaz-ml-retrain-task-training-role-dev`;
const OTHER_ACCOUNT = "210987654321";

describe("PlatformKey", () => {
    for (const stack of ["dev", "prod"]) {
        describe(`in the ${stack} stack`, () => {
            let run: ProgramRun;
            before(async () => (run = await stackRun(stack)));

            it("is a symmetric key with yearly rotation and the stack's deletion window", () => {
                const key = inputs(one(run, KEY));
                assert.equal(key.enableKeyRotation, true);
                assert.equal(key.customerMasterKeySpec, "SYMMETRIC_DEFAULT");
                assert.equal(key.deletionWindowInDays, stack === "prod" ? 30 : 7);
                assert.equal(key.bypassPolicyLockoutSafetyCheck, false);
            });

            it("has an alias named after the stack", () => {
                assert.equal(inputs(one(run, ALIAS)).name, `alias/sefaz-ml-${stack}`);
            });

            it(stack === "prod" ? "is protected from destroy and retained" : "is not protected", () => {
                const key = one(run, KEY);
                assert.equal(key.protect, stack === "prod");
                assert.equal(key.retainOnDelete, stack === "prod");
            });

            it("grants no '*' principal and names exactly the services that use it", () => {
                const policy = doc(one(run, KEY), "policy");
                const principals = policy.Statement.flatMap((s: any) =>
                    typeof s.Principal === "string" ? [s.Principal] : Object.values(s.Principal).flat(),
                );
                assert.ok(!principals.includes("*"));
                assert.deepEqual([...new Set(principals)].sort(), [
                    `arn:aws:iam::${MOCK_ACCOUNT_ID}:root`,
                    "cloudwatch.amazonaws.com",
                    "events.amazonaws.com",
                    "logs.us-east-1.amazonaws.com",
                ]);
                const via = policy.Statement.find((s: any) => s.Sid === "AccountUsesKeyOnlyThroughPlatformServices").Condition.StringEquals["kms:ViaService"];
                // SageMaker personas and a retraining pipeline (images, source, dead letters) use the key too.
                // ...and Studio: its home EFS, app volumes (EBS) and the EFS backups.
                assert.deepEqual(via, ["s3", "ssm", "secretsmanager", "sns", "sagemaker", "ecr", "codecommit", "sqs", "elasticfilesystem", "ec2", "backup"].map((s) => `${s}.us-east-1.amazonaws.com`));
                const grants = policy.Statement.find((s: any) => s.Sid === "AccountGrantsKeyToPlatformServiceResources");
                assert.deepEqual(grants.Condition.StringEquals["kms:ViaService"], ["sagemaker", "ecr", "elasticfilesystem", "ec2", "backup"].map((s) => `${s}.us-east-1.amazonaws.com`));
                assert.deepEqual(grants.Condition.Bool, { "kms:GrantIsForAWSResource": "true" });
            });
        });
    }

    describe("key policy, evaluated by an IAM simulator", () => {
        let keyPolicy: object;
        let keyArn: string;
        before(async () => {
            const run = await stackRun("dev");
            keyPolicy = doc(one(run, KEY), "policy");
            keyArn = one(run, KEY).rawOutputs.arn as string;
        });
        // The caller's own IAM policy allows everything on the key: the key policy must still limit it.
        const roleMayUseKey = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:PutKeyPolicy"], Resource: "*" }] };
        const ask = (principal: string, action: string, context: Record<string, string>, identityPolicies: object[] = []) =>
            decide({ principal, action, resource: keyArn, resourceAccount: MOCK_ACCOUNT_ID, identityPolicies, resourcePolicy: keyPolicy, context });
        const inAccount = { "kms:CallerAccount": MOCK_ACCOUNT_ID };

        const questions: Array<[string, () => Promise<string>, string]> = [
            ["a role decrypts through S3", () => ask(ROLE, "kms:Decrypt", { ...inAccount, "kms:ViaService": "s3.us-east-1.amazonaws.com" }, [roleMayUseKey]), "Allowed"],
            ["a role decrypts through Secrets Manager", () => ask(ROLE, "kms:Decrypt", { ...inAccount, "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" }, [roleMayUseKey]), "Allowed"],
            ["a role decrypts directly, outside the platform services", () => ask(ROLE, "kms:Decrypt", inAccount, [roleMayUseKey]), "ImplicitlyDenied"],
            ["a role decrypts through an unlisted service (Lambda)", () => ask(ROLE, "kms:Decrypt", { ...inAccount, "kms:ViaService": "lambda.us-east-1.amazonaws.com" }, [roleMayUseKey]), "ImplicitlyDenied"],
            ["a role without an IAM grant decrypts through S3", () => ask(ROLE, "kms:Decrypt", { ...inAccount, "kms:ViaService": "s3.us-east-1.amazonaws.com" }), "ImplicitlyDenied"],
            ["an account administrator updates the key policy", () => ask(ROLE, "kms:PutKeyPolicy", inAccount, [roleMayUseKey]), "Allowed"],
            ["CloudWatch alarms publish to an encrypted topic of this account", () => ask("cloudwatch.amazonaws.com", "kms:GenerateDataKey", { "aws:SourceAccount": MOCK_ACCOUNT_ID }), "Allowed"],
            ["CloudWatch acting for another account (confused deputy)", () => ask("cloudwatch.amazonaws.com", "kms:GenerateDataKey", { "aws:SourceAccount": OTHER_ACCOUNT }), "ImplicitlyDenied"],
            // EventBridge's KMS request for an encrypted topic or queue carries no aws:SourceAccount (SNS Developer
            // Guide): a condition on it would drop every rule's alert and dead letter silently.
            ["EventBridge delivers a rule's alert to an encrypted topic (no aws:Source* keys)", () => ask("events.amazonaws.com", "kms:GenerateDataKey", {}), "Allowed"],
            ["EventBridge decrypts the data key of an encrypted queue (no aws:Source* keys)", () => ask("events.amazonaws.com", "kms:Decrypt", {}), "Allowed"],
            ["EventBridge may not re-encrypt with the key", () => ask("events.amazonaws.com", "kms:ReEncryptFrom", {}), "ImplicitlyDenied"],
            ["CloudWatch alarms without aws:SourceAccount", () => ask("cloudwatch.amazonaws.com", "kms:GenerateDataKey", {}), "ImplicitlyDenied"],
            [
                "a principal of another account decrypts through S3",
                () => ask(`arn:aws:iam::${OTHER_ACCOUNT}:role/x`, "kms:Decrypt", { "kms:CallerAccount": OTHER_ACCOUNT, "kms:ViaService": "s3.us-east-1.amazonaws.com" }, [roleMayUseKey]),
                "ImplicitlyDenied",
            ],
        ];
        for (const [label, question, expected] of questions) {
            it(`${label}: ${expected}`, async () => assert.equal(await question(), expected));
        }
    });

    // iam-simulate does not resolve templated kms:EncryptionContext:<key> condition keys (it treats them as
    // missing), so the CloudWatch Logs grant is checked by its shape instead.
    it("lets CloudWatch Logs use the key only for log groups of this account and region", async () => {
        const policy = doc(one(await stackRun("dev"), KEY), "policy");
        const logs = policy.Statement.find((s: any) => s.Principal?.Service === "logs.us-east-1.amazonaws.com");
        assert.deepEqual(logs.Condition, {
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:*` },
        });
        assert.ok(!logs.Action.includes("kms:CreateGrant") && !logs.Action.some((a: string) => a.includes("*")));
    });

    it("lets CloudWatch Logs encrypt this account's log groups and no other's (encryption context resolved for the simulator)", async () => {
        const docs = stackDocuments(await stackRun("dev"), "dev");
        const logs = (group: string, action = "kms:GenerateDataKey") =>
            ask(docs, { does: "encrypts a log group", doc: "test", principal: "logs.us-east-1.amazonaws.com", action, resource: docs.keyArn, context: { "kms:EncryptionContext:aws:logs:arn": group } });
        assert.equal(await logs(`arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:/sefaz-ml/dev/retrain/codebuild`), "Allowed");
        assert.equal(await logs(`arn:aws:logs:us-east-1:${OTHER_ACCOUNT}:log-group:/theirs`), "ImplicitlyDenied");
        assert.equal(await logs(`arn:aws:logs:eu-west-1:${MOCK_ACCOUNT_ID}:log-group:/other-region`), "ImplicitlyDenied");
        assert.equal(await logs(`arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:/sefaz-ml/dev/retrain/codebuild`, "kms:CreateGrant"), "ImplicitlyDenied");
    });

    it("rejects a deletion window outside 7-30 days before creating the key", async () => {
        await assert.rejects(
            inlineRun(() => new PlatformKey("k", { alias: "k", deletionWindowInDays: 45, viaServices: ["s3", "ftp" as "s3"] })),
            (err: ProgramError) => {
                // One error listing every bad argument, in the stack config's format.
                assert.match(err.message, /PlatformKey k: invalid arguments \(2 problems\)/);
                assert.match(err.message, / {2}- deletionWindowInDays: found 45; allowed: a whole number of days from 7 to 30/);
                assert.match(err.message, / {2}- viaServices\[1\]: found "ftp"; allowed: /);
                assert.deepEqual(err.registered.filter((t) => t.startsWith("aws:")), []);
                return true;
            },
        );
    });
});
