import { strict as assert } from "assert";
import endpointServices from "../../stacks/awsEndpointServices.json";
import { ConfigError, parsePlatformConfig } from "../../stacks/config";
import { endpointServicesOfInstalledProvider } from "../../tools/gen-aws-endpoint-services";
import { ProgramError, readStackFiles } from "../../tools/offline/runProgram";
import { PROGRAM, inputs, stackRun, stackRunWith } from "../harness";

const ctx = { project: "mlplatform", stack: "test" };

/** A real stack file with some keys changed (undefined removes one). */
function configWith(stack: string, changes: Record<string, string | undefined>): Record<string, string> {
    const config = { ...readStackFiles(PROGRAM, stack).config };
    for (const [k, v] of Object.entries(changes)) {
        if (v === undefined) delete config[k];
        else config[k] = v;
    }
    return config;
}

function problemsOf(stack: string, changes: Record<string, string | undefined>): ConfigError {
    try {
        parsePlatformConfig(configWith(stack, changes), ctx);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
        return err;
    }
    assert.fail(`config ${JSON.stringify(changes)} was accepted`);
}

const ROLE = (account: string, name = "sefaz-ml-deploy-dev") => `arn:aws:iam::${account}:role/${name}`;

describe("stack AWS settings (the explicit provider's profile, roles, accounts, endpoints)", () => {
    it("reads the example stacks: each names the one account it may deploy to", () => {
        const dev = parsePlatformConfig(readStackFiles(PROGRAM, "dev").config, { ...ctx, stack: "dev" });
        const prod = parsePlatformConfig(readStackFiles(PROGRAM, "prod").config, { ...ctx, stack: "prod" });
        assert.deepEqual(dev.aws, { allowedAccountIds: ["111122223333"] });
        assert.deepEqual(prod.aws, { allowedAccountIds: ["444455556666"] });
        // One account per environment: no account may receive both stacks.
        assert.deepEqual(dev.aws.allowedAccountIds!.filter((a) => prod.aws.allowedAccountIds!.includes(a)), []);
    });

    it("parses every honoured key", () => {
        const cfg = parsePlatformConfig(
            configWith("dev", {
                "aws:profile": "sefaz-ml-dev",
                "aws:assumeRoles": JSON.stringify([{ roleArn: ROLE("111122223333"), sessionName: "pulumi-dev", externalId: "sefaz-ml", duration: "1h", tags: { team: "ml" } }]),
                "aws:endpoints": JSON.stringify([{ sts: "https://sts.us-east-1.amazonaws.com", sagemaker: "https://api.sagemaker.us-east-1.amazonaws.com" }]),
            }),
            ctx,
        );
        assert.deepEqual(cfg.aws, {
            profile: "sefaz-ml-dev",
            assumeRoles: [{ roleArn: ROLE("111122223333"), sessionName: "pulumi-dev", externalId: "sefaz-ml", duration: "1h", tags: { team: "ml" } }],
            allowedAccountIds: ["111122223333"],
            endpoints: [{ sts: "https://sts.us-east-1.amazonaws.com", sagemaker: "https://api.sagemaker.us-east-1.amazonaws.com" }],
        });
        const forbidden = parsePlatformConfig(configWith("dev", { "aws:allowedAccountIds": undefined, "aws:forbiddenAccountIds": '["444455556666"]' }), ctx);
        assert.deepEqual(forbidden.aws, { forbiddenAccountIds: ["444455556666"] });
    });

    // Each bad setting names the key, shows what was found and says what to do.
    const cases: Array<[string, string, Record<string, string | undefined>, string, RegExp]> = [
        ["prod without allowed accounts", "prod", { "aws:allowedAccountIds": undefined }, "aws:allowedAccountIds", /found nothing \(the key is missing\); allowed: a list holding the prod account's 12-digit ID: required in prod/],
        ["an account ID that is not 12 digits", "dev", { "aws:allowedAccountIds": '["12345"]' }, "aws:allowedAccountIds[0]", /found "12345"; allowed: a list of the 12-digit account IDs/],
        ["an empty account list", "prod", { "aws:allowedAccountIds": "[]" }, "aws:allowedAccountIds", /found \[\]/],
        ["allowed and forbidden accounts together", "dev", { "aws:forbiddenAccountIds": '["444455556666"]' }, "aws:forbiddenAccountIds", /nothing when aws:allowedAccountIds is set/],
        ["static access keys", "dev", { "aws:accessKey": "AKIAEXAMPLE" }, "aws:accessKey", /does not read .*silently ignored.*allowed: remove it: static credentials do not belong in config; use aws:profile locally or aws:assumeRoles/],
        ["@pulumi/aws 6's singular assumeRole", "dev", { "aws:assumeRole": JSON.stringify({ roleArn: ROLE("111122223333") }) }, "aws:assumeRole", /takes aws:assumeRoles, a list/],
        ["provider default tags", "dev", { "aws:defaultTags": '{"tags":{"a":"b"}}' }, "aws:defaultTags", /put extra tags in mlplatform:tags/],
        ["any other provider key", "dev", { "aws:skipCredentialsValidation": "true" }, "aws:skipCredentialsValidation", /honours only aws:region, aws:profile, aws:assumeRoles, aws:allowedAccountIds, aws:forbiddenAccountIds, aws:endpoints/],
        ["a role ARN that is not one", "dev", { "aws:assumeRoles": '[{"roleArn":"sefaz-ml-deploy"}]' }, "aws:assumeRoles[0].roleArn", /found "sefaz-ml-deploy"; allowed: an IAM role ARN/],
        ["a role without its ARN", "dev", { "aws:assumeRoles": '[{"sessionName":"pulumi"}]' }, "aws:assumeRoles[0].roleArn", /found nothing.*the ARN of the role to assume/],
        ["an unknown role field", "dev", { "aws:assumeRoles": JSON.stringify([{ roleArn: ROLE("111122223333"), role_arn: "x" }]) }, "aws:assumeRoles[0]", /found/],
        ["a deployment role in another account", "prod", { "aws:assumeRoles": JSON.stringify([{ roleArn: ROLE("111122223333") }]) }, "aws:assumeRoles[0].roleArn", /a role in an allowed account \(444455556666\)/],
        ["a role in a forbidden account", "dev", { "aws:allowedAccountIds": undefined, "aws:forbiddenAccountIds": '["444455556666"]', "aws:assumeRoles": JSON.stringify([{ roleArn: ROLE("444455556666") }]) }, "aws:assumeRoles[0].roleArn", /outside the forbidden accounts/],
        ["a duration the provider cannot read", "dev", { "aws:assumeRoles": JSON.stringify([{ roleArn: ROLE("111122223333"), duration: "3600" }]) }, "aws:assumeRoles[0].duration", /found "3600"/],
        ["an endpoint for a service the provider does not name", "dev", { "aws:endpoints": '[{"stss":"https://sts.example.com"}]' }, "aws:endpoints[0].stss", /a service name as @pulumi\/aws names it/],
        ["an endpoint that is not https", "dev", { "aws:endpoints": '[{"sts":"http://sts.example.com"}]' }, "aws:endpoints[0].sts", /found "http:\/\/sts\.example\.com"; allowed: an https:\/\/ URL/],
        ["a profile name with spaces", "dev", { "aws:profile": "my profile" }, "aws:profile", /found "my profile"; allowed: a profile name/],
    ];
    for (const [label, stack, changes, key, pattern] of cases) {
        it(`rejects ${label}, naming ${key}`, () => {
            const err = problemsOf(stack, changes);
            const problem = err.problems.find((p) => p.key === key);
            assert.ok(problem, `no problem for ${key} in:\n${err.message}`);
            assert.match(`found ${problem.found}; allowed: ${problem.allowed}`, pattern);
        });
    }

    it("hands the settings to the explicit provider (the plan's provider inputs show them)", async () => {
        const run = await stackRunWith("prod", {
            "aws:assumeRoles": JSON.stringify([{ roleArn: ROLE("444455556666", "sefaz-ml-deploy-prod"), sessionName: "pulumi-prod" }]),
            "aws:endpoints": '[{"sts":"https://sts.us-east-1.amazonaws.com"}]',
        });
        const provider = inputs(run.resources.find((r) => r.type === "pulumi:providers:aws")!);
        assert.deepEqual(JSON.parse(provider.allowedAccountIds), ["444455556666"]);
        assert.deepEqual(JSON.parse(provider.assumeRoles), [{ roleArn: ROLE("444455556666", "sefaz-ml-deploy-prod"), sessionName: "pulumi-prod" }]);
        assert.deepEqual(JSON.parse(provider.endpoints), [{ sts: "https://sts.us-east-1.amazonaws.com" }]);
        assert.equal(provider.region, "us-east-1");
        assert.equal(provider.profile, undefined);
        const dev = inputs((await stackRun("dev")).resources.find((r) => r.type === "pulumi:providers:aws")!);
        assert.deepEqual(JSON.parse(dev.allowedAccountIds), ["111122223333"]);
    });

    it("refuses an unhonoured key before any resource is registered", async () => {
        await assert.rejects(stackRunWith("prod", { "aws:secretKey": "not-here" }), (err: unknown) => {
            assert.ok(err instanceof ProgramError);
            assert.equal(err.kind, "config");
            assert.deepEqual(err.registered, []);
            assert.match(err.message, /aws:secretKey: found a key the program's explicit AWS provider does not read/);
            return true;
        });
    });

    it("knows exactly the endpoint services of the installed @pulumi/aws (regenerate with tools/gen-aws-endpoint-services.ts)", () => {
        assert.deepEqual(endpointServices.services, endpointServicesOfInstalledProvider());
        assert.equal(endpointServices.generatedFrom, `@pulumi/aws ${require("@pulumi/aws/package.json").version}`);
    });
});
