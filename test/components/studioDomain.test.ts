import { strict as assert } from "assert";
import { ConfigError, parsePlatformConfig } from "../../stacks/config";
import { StudioDomain } from "../../components/studioDomain";
import { ProgramError, ProgramRun, readStackFiles } from "../../tools/offline/runProgram";
import { PROGRAM, doc, inlineRun, inputs, ofType, one, stackRun, stackRunWith } from "../harness";

const DOMAIN = "aws:sagemaker/domain:Domain";
const PROFILE = "aws:sagemaker/userProfile:UserProfile";

describe("StudioDomain", () => {
    for (const stack of ["dev", "prod"]) {
        describe(`in the ${stack} stack`, () => {
            let run: ProgramRun;
            let d: any;
            before(async () => {
                run = await stackRun(stack);
                d = inputs(one(run, DOMAIN));
            });
            const keyArn = () => one(run, "aws:kms/key:Key").rawOutputs.arn;
            const studioSg = () => inputs(one(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "network-studio-to-endpoints")).securityGroupId;
            const roleArn = (persona: string) => one(run, "aws:iam/role:Role", `roles-sagemaker-${persona}`).rawOutputs.arn;

            it("is VpcOnly in the network's private subnets, with the platform key, IAM auth and the Studio security group", () => {
                const vpc = one(run, "awsx:ec2:Vpc").rawOutputs;
                assert.equal(d.domainName, `sefaz-ml-studio-${stack}`);
                assert.equal(d.appNetworkAccessType, "VpcOnly");
                assert.equal(d.authMode, "IAM");
                assert.equal(d.vpcId, vpc.vpcId);
                assert.deepEqual(d.subnetIds, (vpc.privateSubnetIds as string[]).length ? vpc.privateSubnetIds : vpc.isolatedSubnetIds);
                assert.equal(d.kmsKeyId, keyArn());
                assert.deepEqual(d.defaultUserSettings.securityGroups, [studioSg()]);
                assert.deepEqual(d.domainSettings.securityGroupIds, [studioSg()]);
            });

            it("names users in CloudTrail, disables notebook sharing, runs the Jupyter server on system, shuts idle apps down", () => {
                assert.equal(d.domainSettings.executionRoleIdentityConfig, "USER_PROFILE_NAME");
                assert.deepEqual(d.defaultUserSettings.sharingSettings, { notebookOutputOption: "Disabled" });
                assert.equal(d.defaultUserSettings.jupyterServerAppSettings.defaultResourceSpec.instanceType, "system");
                const idle = d.defaultUserSettings.jupyterLabAppSettings.appLifecycleManagement.idleSettings;
                assert.deepEqual([idle.lifecycleManagement, idle.idleTimeoutInMinutes], ["ENABLED", stack === "prod" ? 120 : 60]);
            });

            it("uses the default persona's execution role for users and spaces", () => {
                assert.equal(d.defaultUserSettings.executionRole, roleArn("data-scientist"));
                assert.equal(d.defaultSpaceSettings.executionRole, roleArn("data-scientist"));
            });

            it(stack === "prod" ? "is protected and keeps its home EFS" : "is not protected and deletes its home EFS with the domain", () => {
                const domain = one(run, DOMAIN);
                assert.equal(domain.protect, stack === "prod");
                assert.deepEqual(d.retentionPolicy, { homeEfsFileSystem: stack === "prod" ? "Retain" : "Delete" });
            });

            it("gives each user a profile tagged studiouserid, the persona's role and a security group of their own", () => {
                const profiles = ofType(run, PROFILE).map(inputs);
                assert.deepEqual(profiles.map((p) => [p.userProfileName, p.tags.studiouserid, p.userSettings.executionRole]), [
                    ["alice", "alice", roleArn("data-scientist")],
                    ["bruno", "bruno", roleArn("ml-engineer")],
                ]);
                const groups = profiles.map((p) => p.userSettings.securityGroups[0]);
                assert.equal(new Set(groups).size, 2, "one security group per user");
                assert.ok(!groups.includes(studioSg()));
            });

            it(stack === "prod" ? "pre-creates the Studio log group with KMS and retention" : "leaves the account-wide Studio log group to prod", () => {
                if (stack !== "prod") return assert.equal(ofType(run, "aws:cloudwatch/logGroup:LogGroup").filter((r) => r.name === "studio-logs").length, 0);
                const group = inputs(one(run, "aws:cloudwatch/logGroup:LogGroup", "studio-logs"));
                assert.deepEqual([group.name, group.kmsKeyId, group.retentionInDays], ["/aws/sagemaker/studio", keyArn(), stack === "prod" ? 365 : 30]);
            });

            it("publishes a launch policy: own profile only, from the allowed range or the Studio endpoint", () => {
                const policy = doc(one(run, "aws:iam/policy:Policy", "studio-launch"), "policy");
                const deny = policy.Statement.find((s: any) => s.Sid === "DenyFromOutsideAllowedNetworks");
                assert.deepEqual(deny.Condition.NotIpAddress, { "aws:SourceIp": ["203.0.113.0/24"] });
                assert.match(deny.Condition.StringNotEquals["aws:SourceVpce"][0], /^vpce-/);
                const own = policy.Statement.find((s: any) => s.Sid === "OpenOwnProfile");
                assert.deepEqual(own.Condition, { StringEquals: { "sagemaker:ResourceTag/studiouserid": "${aws:PrincipalTag/studiouserid}" } });
            });

            it("puts the guardrails on the persona roles, naming this network's subnets and security groups", () => {
                const policy = doc(one(run, "aws:iam/rolePolicy:RolePolicy", "roles-sagemaker-data-scientist"), "policy");
                const sids = policy.Statement.filter((s: any) => s.Effect === "Deny").map((s: any) => s.Sid);
                for (const sid of ["DenyWithoutVpcSubnets", "DenyOutsidePlatformSubnets", "DenyUnencryptedVolumes", "DenyUnencryptedOutput", "DenyInstanceTypesOutsideAllowList", "DenyImageConfigChangesToNotebookUsers"]) {
                    assert.ok(sids.includes(sid), sid);
                }
                const subnets = policy.Statement.find((s: any) => s.Sid === "DenyOutsidePlatformSubnets").Condition["ForAnyValue:StringNotEquals"]["sagemaker:VpcSubnets"];
                assert.deepEqual(subnets, d.subnetIds);
                const types = policy.Statement.find((s: any) => s.Sid === "DenyInstanceTypesOutsideAllowList").Condition["ForAnyValue:StringNotLike"]["sagemaker:InstanceTypes"];
                assert.ok(types.includes("system"));
            });

            it(stack === "prod" ? "backs the home EFS up daily into a KMS vault, kept 35 days" : "has no backup plan in dev", () => {
                const plans = ofType(run, "aws:backup/plan:Plan").map(inputs);
                if (stack !== "prod") return assert.equal(plans.length, 0);
                assert.equal(plans[0].rules[0].lifecycle.deleteAfter, 35);
                assert.equal(inputs(one(run, "aws:backup/vault:Vault")).kmsKeyArn, keyArn());
                assert.match(inputs(one(run, "aws:backup/selection:Selection")).resources[0], /^arn:aws:elasticfilesystem:us-east-1:123456789012:file-system\//);
            });
        });
    }

    it("onboards a new persona and a user of it by config alone", async () => {
        const base = readStackFiles(PROGRAM, "dev").config;
        const studio = JSON.parse(base["mlplatform:studio"]);
        studio.users.push({ name: "carla", persona: "analyst" });
        const run = await stackRunWith("dev", {
            "mlplatform:personas": JSON.stringify(["data-scientist", "ml-engineer", "analyst"]),
            "mlplatform:personaDefinitions": JSON.stringify({ analyst: { writeArtifacts: ["reports/*"] } }),
            "mlplatform:studio": JSON.stringify(studio),
        });
        const role = one(run, "aws:iam/role:Role", "roles-sagemaker-analyst");
        assert.equal(inputs(role).name, "sefaz-ml-sm-analyst-role-dev");
        const policy = doc(one(run, "aws:iam/rolePolicy:RolePolicy", "roles-sagemaker-analyst"), "policy");
        assert.deepEqual(policy.Statement.find((st: any) => st.Sid === "WritePersonaPrefixes").Resource, ["arn:aws:s3:::sefaz-ml-artifacts-dev-123456789012-us-east-1/reports/*"]);
        assert.ok(!policy.Statement.some((st: any) => st.Sid === "RegisterModels"));
        assert.ok(policy.Statement.some((st: any) => st.Sid === "DenyOutsidePlatformSubnets"), "the guardrails apply to new personas too");
        const carla = inputs(one(run, PROFILE, "studio-user-carla"));
        assert.deepEqual([carla.userSettings.executionRole, carla.tags.studiouserid], [role.rawOutputs.arn, "carla"]);
    });

    describe("configuration", () => {
        const problems = (studio: Record<string, unknown>, extra: Record<string, string> = {}) => {
            const base = readStackFiles(PROGRAM, "dev").config;
            const current = JSON.parse(base["mlplatform:studio"]);
            try {
                parsePlatformConfig({ ...base, "mlplatform:studio": JSON.stringify({ ...current, ...studio }), ...extra }, { project: "mlplatform", stack: "dev" });
                return [];
            } catch (err) {
                return (err as ConfigError).problems.map((p) => `${p.key}: found ${p.found}; allowed: ${p.allowed}`);
            }
        };
        const cases: Array<[string, Record<string, unknown>, Record<string, string>, RegExp]> = [
            ["an unknown persona", { users: [{ name: "carla", persona: "analyst" }] }, {}, /studio\.users\[0\]\.persona: found "analyst"; allowed: one of the stack's personas \(data-scientist, ml-engineer\)/],
            ["a duplicate user", { users: [{ name: "alice", persona: "data-scientist" }, { name: "alice", persona: "ml-engineer" }] }, {}, /studio\.users\[1\]\.name: found "alice"; allowed: a name no other user has: each user has one profile/],
            ["an instance type not of the form ml.*", { instanceTypes: ["system", "t3.medium"] }, {}, /studio\.instanceTypes\[1\]: found "t3\.medium"; allowed: an instance type of the form ml\.<family>\.<size> \(or system\)/],
            ["an allow-list without system", { instanceTypes: ["ml.t3.medium"] }, {}, /studio\.instanceTypes: found \["ml\.t3\.medium"\]; allowed: a list that includes "system"/],
            ["an invalid CIDR", { allowedSourceIps: ["203.0.113.0/33"] }, {}, /studio\.allowedSourceIps\[0\]: found "203\.0\.113\.0\/33"; allowed: an IPv4 CIDR such as 203\.0\.113\.0\/24/],
            ["subnets too small for the planned users", { capacity: { expectedUsers: 400, instanceTypesPerUser: 2, trainingInstancesPerUser: 1, growthPercent: 25, appsPerUser: 3 } }, {}, /mlplatform:network\.subnetPrefixLength: found 22 \(1019 usable addresses per subnet\); allowed: 20 or less: the Studio domain needs 2511 addresses per subnet for 400 users \(whitepaper: EFS \+ 10 endpoints per subnet/],
            ["SSO users without an Identity Center user name", { authMode: "SSO" }, {}, /studio\.users\[0\]\.ssoUserName: found nothing.*required with authMode SSO/],
            ["an idle timeout below SageMaker's minimum", { idleTimeoutMinutes: 5 }, {}, /studio\.idleTimeoutMinutes: found 5/],
        ];
        for (const [label, studio, extra, pattern] of cases) {
            it(`rejects ${label}`, () => {
                const found = problems(studio, extra);
                assert.ok(found.some((f) => pattern.test(f)), found.join("\n") || "accepted");
            });
        }

        it("warns when the users approach the account's 2,500 concurrent-app quota", () => {
            const base = readStackFiles(PROGRAM, "dev").config;
            const studio = { ...JSON.parse(base["mlplatform:studio"]), capacity: { expectedUsers: 700, appsPerUser: 3, instanceTypesPerUser: 0, trainingInstancesPerUser: 0, growthPercent: 0 } };
            const cfg = parsePlatformConfig({ ...base, "mlplatform:studio": JSON.stringify(studio), "mlplatform:network": JSON.stringify({ mode: "create", cidr: "10.20.0.0/16", subnetPrefixLength: 21 }) }, { project: "mlplatform", stack: "dev" });
            assert.deepEqual(cfg.warnings, ["Studio users will run about 2100 apps at once, 84% of the account's 2500 concurrent-app quota: request an increase before onboarding more users."]);
        });
    });

    it("checks its own arguments with its schema, listing every bad one before creating anything", async () => {
        const network = { vpcId: "vpc-1", subnetIds: ["subnet-1"], studioSecurityGroupId: "sg-1" };
        await assert.rejects(
            inlineRun(
                () =>
                    new StudioDomain("s", {
                        prefix: "team",
                        environment: "dev",
                        settings: { defaultPersona: "data-scientist", authMode: "SSO", users: [{ name: "ana", persona: "data-scientist" }], sharedSpaces: [{ name: "lab", owner: "bob" }] },
                        network,
                        personaRoleArns: { "data-scientist": "arn:aws:iam::123456789012:role/ds" },
                        kmsKeyArn: "k",
                        logRetentionDays: 31,
                    }),
            ),
            (err: ProgramError) => {
                assert.match(err.message, /StudioDomain s: invalid arguments \(3 problems\):/);
                assert.match(err.message, / {2}- settings\.users\[0\]\.ssoUserName: found nothing \(the key is missing\); allowed: the IAM Identity Center user name \(required with authMode SSO\)/);
                assert.match(err.message, / {2}- settings\.sharedSpaces\[0\]\.owner: found "bob"; allowed: one of the configured users \(ana\)/);
                assert.match(err.message, / {2}- logRetentionDays: found 31; allowed: one of CloudWatch Logs' retention values/);
                assert.deepEqual(err.registered.filter((t) => !t.startsWith("mlplatform:")), []);
                return true;
            },
        );
    });

    it("refuses a persona that has no execution role among personaRoleArns, naming the setting, before creating anything", async () => {
        await assert.rejects(
            inlineRun(
                () =>
                    new StudioDomain("s", {
                        prefix: "team",
                        environment: "dev",
                        settings: { defaultPersona: "data-scientist", users: [{ name: "ana", persona: "analyst" }] },
                        network: { vpcId: "vpc-1", subnetIds: ["subnet-1"], studioSecurityGroupId: "sg-1" },
                        personaRoleArns: { "data-scientist": "arn:aws:iam::123456789012:role/ds" },
                        kmsKeyArn: "k",
                        logRetentionDays: 30,
                    }),
            ),
            (err: ProgramError) => {
                assert.match(err.message, /StudioDomain s: invalid arguments \(1 problem\):\n {2}- settings\.users\[0\]\.persona: found "analyst"; allowed: one of the personas of personaRoleArns \(data-scientist\)/);
                assert.deepEqual(err.registered.filter((t) => !t.startsWith("mlplatform:")), []);
                return true;
            },
        );
    });
});
