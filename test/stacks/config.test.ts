import { strict as assert } from "assert";
import fc from "fast-check";
import { ConfigError, LOG_RETENTION_DAYS, parsePlatformConfig } from "../../stacks/config";
import { ProgramError, readStackFiles } from "../../tools/offline/runProgram";
import { PROGRAM, stackRunWith } from "../harness";

const ctx = { project: "mlplatform", stack: "test" };

/** The real dev stack file, with some keys changed (undefined removes one). */
function devConfigWith(changes: Record<string, string | undefined> = {}): Record<string, string> {
    const config = { ...readStackFiles(PROGRAM, "dev").config };
    for (const [k, v] of Object.entries(changes)) {
        if (v === undefined) delete config[k];
        else config[k] = v;
    }
    return config;
}

function problemsOf(changes: Record<string, string | undefined>): ConfigError {
    try {
        parsePlatformConfig(devConfigWith(changes), ctx);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
        return err;
    }
    assert.fail(`config ${JSON.stringify(changes)} was accepted`);
}

describe("stack configuration", () => {
    it("parses the dev and prod stack files into typed config", () => {
        const dev = parsePlatformConfig(readStackFiles(PROGRAM, "dev").config, { ...ctx, stack: "dev" });
        const prod = parsePlatformConfig(readStackFiles(PROGRAM, "prod").config, { ...ctx, stack: "prod" });
        assert.equal(dev.prefix, "sefaz-ml");
        assert.equal(dev.region, "us-east-1");
        assert.deepEqual(
            { protect: dev.protect, forceDestroy: dev.forceDestroyBuckets, retention: dev.logRetentionDays, window: dev.kmsDeletionWindowDays },
            { protect: false, forceDestroy: true, retention: 30, window: 7 },
        );
        assert.deepEqual(
            { protect: prod.protect, forceDestroy: prod.forceDestroyBuckets, retention: prod.logRetentionDays, window: prod.kmsDeletionWindowDays },
            { protect: true, forceDestroy: false, retention: 365, window: 30 },
        );
        assert.deepEqual(prod.tags, { project: "sefaz-ml", environment: "prod", owner: "ml-platform-team", "cost-center": "CC-ML-0001" });
        assert.deepEqual(prod.personas, ["data-scientist", "ml-engineer"]);
        assert.deepEqual(prod.mlops.map((p) => [p.name, p.source.type, p.buildRepository, p.branch, p.prod.initialInstanceCount]), [["churn", "codecommit", "model-build-pipeline", "main", 2]]);
    });

    // Each kind of bad input names the key, shows what was found, and says what is allowed.
    const cases: Array<[string, Record<string, string | undefined>, string, RegExp]> = [
        ["a missing key", { "mlplatform:owner": undefined }, "mlplatform:owner", /found nothing \(the key is missing\); allowed: the owning team/],
        ["a missing region", { "aws:region": undefined }, "aws:region", /found nothing.*allowed: an AWS region code of the form/],
        ["a wrong type", { "mlplatform:logRetentionDays": "thirty" }, "mlplatform:logRetentionDays", /found "thirty"; allowed: one of CloudWatch Logs' retention values/],
        ["an unknown environment", { "mlplatform:environment": "production" }, "mlplatform:environment", /found "production"; allowed: one of dev, staging, prod/],
        ["a negative retention", { "mlplatform:logRetentionDays": "-5" }, "mlplatform:logRetentionDays", /found -5/],
        ["a retention CloudWatch rejects", { "mlplatform:logRetentionDays": "45" }, "mlplatform:logRetentionDays", /found 45/],
        ["an invalid name prefix", { "mlplatform:prefix": "Sefaz_ML" }, "mlplatform:prefix", /found "Sefaz_ML"; allowed: 3-20 characters of lowercase/],
        ["a prefix too long for bucket names", { "mlplatform:prefix": "sefaz-ml-platform-xx", "aws:region": "ap-southeast-4", "mlplatform:environment": "staging" }, "mlplatform:prefix", /\(66 characters\); allowed: a prefix at most 17 characters long in ap-southeast-4/],
        ["a KMS window out of range", { "mlplatform:kmsDeletionWindowDays": "3" }, "mlplatform:kmsDeletionWindowDays", /found 3; allowed: a whole number of days from 7 to 30/],
        ["a non-boolean flag", { "mlplatform:protect": "yes" }, "mlplatform:protect", /found "yes"; allowed: true or false/],
        ["an unknown persona", { "mlplatform:personas": '["data-scientist","intern"]' }, "mlplatform:personas[1]", /found "intern"; allowed: a built-in persona \(data-scientist, ml-engineer\) or one defined in mlplatform:personaDefinitions/],
        ["a duplicate persona", { "mlplatform:personas": '["ml-engineer","ml-engineer"]' }, "mlplatform:personas", /found \["ml-engineer","ml-engineer"\]/],
        ["an invalid nested branch", { "mlplatform:mlops": '[{"name":"churn","branch":"bad..branch","approverEmails":["a@example.org"]}]' }, "mlplatform:mlops[0].branch", /found "bad\.\.branch"/],
        ["a missing nested key", { "mlplatform:mlops": '[{"name":"churn"}]' }, "mlplatform:mlops[0].approverEmails", /found nothing/],
        ["a connection source without owner/repo", { "mlplatform:mlops": '[{"name":"churn","source":{"type":"codeconnections","connectionArn":"arn:aws:codeconnections:us-east-1:111122223333:connection/abc-123"},"buildRepository":"model-build","deployRepository":"acme/deploy","approverEmails":["a@example.org"]}]' }, "mlplatform:mlops[0].buildRepository", /owner\/repo of the repository behind the connection/],
        ["an MLOps project name with an underscore", { "mlplatform:mlops": '[{"name":"churn_model","approverEmails":["a@example.org"]}]' }, "mlplatform:mlops[0].name", /2-18 lowercase letters, digits or single hyphens/],
        ["two MLOps projects whose names make the same role name", { "mlplatform:mlops": '[{"name":"a1","approverEmails":["a@example.org"]},{"name":"a1-sm","approverEmails":["a@example.org"]}]' }, "mlplatform:mlops[1].name", /both would name sefaz-ml-a1-sm-pipeline-role-dev/],
        ["two MLOps projects with one name", { "mlplatform:mlops": '[{"name":"churn","approverEmails":["a@example.org"]},{"name":"churn","approverEmails":["a@example.org"]}]' }, "mlplatform:mlops[1].name", /a project name used by no other MLOps project/],
        ["an endpoint that cannot scale to its initial size", { "mlplatform:mlops": '[{"name":"churn","prod":{"initialInstanceCount":3,"maxInstanceCount":2},"approverEmails":["a@example.org"]}]' }, "mlplatform:mlops[0].prod.maxInstanceCount", /maxInstanceCount at least initialInstanceCount/],
        ["a reserved tag key", { "mlplatform:tags": '{"aws:team":"x"}' }, "mlplatform:tags.aws:team", /keys not starting with aws:/],
        ["a typo in a key", { "mlplatform:logRetentionDay": "30" }, "mlplatform:logRetentionDay", /an unknown key \(did you mean mlplatform:logRetentionDays\?\)/],
        ["prod without protection", { "mlplatform:environment": "prod", "mlplatform:protect": "false", "mlplatform:forceDestroyBuckets": "false" }, "mlplatform:protect", /found false; allowed: true when environment is prod/],
        ["force-destroy on a protected stack", { "mlplatform:protect": "true" }, "mlplatform:forceDestroyBuckets", /found true; allowed: false when protect is true/],
        ["a short KMS window in prod", { "mlplatform:environment": "prod", "mlplatform:protect": "true", "mlplatform:forceDestroyBuckets": "false", "mlplatform:kmsDeletionWindowDays": "7" }, "mlplatform:kmsDeletionWindowDays", /found 7; allowed: 30 when environment is prod/],
    ];
    for (const [label, changes, key, pattern] of cases) {
        it(`rejects ${label}, naming ${key}`, () => {
            const err = problemsOf(changes);
            const problem = err.problems.find((p) => p.key === key);
            assert.ok(problem, `no problem for ${key} in:\n${err.message}`);
            assert.match(`found ${problem.found}; allowed: ${problem.allowed}`, pattern);
            assert.match(err.message, /Fix these keys in Pulumi\.test\.yaml/);
        });
    }

    it("lists every bad key in one message", () => {
        const err = problemsOf({ "mlplatform:environment": "qa", "mlplatform:logRetentionDays": "-1", "mlplatform:owner": undefined });
        assert.deepEqual(err.problems.map((p) => p.key).sort(), ["mlplatform:environment", "mlplatform:logRetentionDays", "mlplatform:owner"]);
        assert.match(err.message, /\(3 problems\)/);
        for (const key of ["mlplatform:environment", "mlplatform:logRetentionDays", "mlplatform:owner"]) assert.ok(err.message.includes(`  - ${key}: found`));
    });

    it("accepts every CloudWatch retention value and rejects every other whole number", () => {
        fc.assert(
            fc.property(fc.integer({ min: -10, max: 4000 }), (days) => {
                const valid = (LOG_RETENTION_DAYS as readonly number[]).includes(days);
                try {
                    const cfg = parsePlatformConfig(devConfigWith({ "mlplatform:logRetentionDays": String(days) }), ctx);
                    return valid && cfg.logRetentionDays === days;
                } catch (err) {
                    return !valid && (err as ConfigError).problems.every((p) => p.key === "mlplatform:logRetentionDays");
                }
            }),
        );
    });

    it("accepts a prefix exactly when every bucket name it makes fits in 63 characters", () => {
        const prefix = fc.stringMatching(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/);
        const region = fc.constantFrom("us-east-1", "sa-east-1", "ap-southeast-4", "us-gov-west-1");
        fc.assert(
            fc.property(prefix, region, (p, r) => {
                const longest = `${p}-artifacts-dev-123456789012-${r}`;
                try {
                    parsePlatformConfig(devConfigWith({ "mlplatform:prefix": p, "aws:region": r }), ctx);
                    return longest.length <= 63;
                } catch (err) {
                    return longest.length > 63 && (err as ConfigError).problems.every((p2) => p2.key === "mlplatform:prefix");
                }
            }),
        );
    });

    it("fails the program before any resource is registered", async () => {
        await assert.rejects(
            stackRunWith("prod", { "mlplatform:environment": "production", "mlplatform:kmsDeletionWindowDays": "99" }),
            (err: unknown) => {
                assert.ok(err instanceof ProgramError);
                assert.equal(err.kind, "config");
                assert.deepEqual(err.registered, [], `registered before failing: ${err.registered.join(", ")}`);
                assert.match(err.message, /mlplatform:environment: found "production"/);
                assert.match(err.message, /mlplatform:kmsDeletionWindowDays: found 99/);
                return true;
            },
        );
    });
});
