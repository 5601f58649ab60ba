import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, violationsOf } from "../harness";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/k";
const ROLE = "arn:aws:iam::123456789012:role/sm";
const TAGGED = { project: "p", environment: "dev", owner: "o", "cost-center": "c" };

function domain(name: string, overrides: Partial<aws.sagemaker.DomainArgs> = {}, opts: { protect?: boolean; provider?: aws.Provider } = {}) {
    return new aws.sagemaker.Domain(
        name,
        {
            domainName: name,
            authMode: "IAM",
            vpcId: "vpc-1",
            subnetIds: ["subnet-1", "subnet-2"],
            appNetworkAccessType: "VpcOnly",
            kmsKeyId: KEY,
            defaultUserSettings: {
                executionRole: ROLE,
                securityGroups: ["sg-1"],
                jupyterServerAppSettings: { defaultResourceSpec: { instanceType: "system" } },
            },
            defaultSpaceSettings: { executionRole: ROLE },
            ...overrides,
        },
        opts,
    );
}

/** Names of the resources a policy reports, for a program. */
async function reported(policy: string, build: () => void, config = {}): Promise<string[]> {
    return (await violationsOf(await inlineRun(build), policy, config)).map((v) => v.split(":")[0]).sort();
}

describe("SageMaker and network policies", () => {
    it("sagemaker-domain-vpc-only, -kms, -security-groups, -default-execution-role", async () => {
        const build = () => {
            domain("good");
            domain("public", { appNetworkAccessType: "PublicInternetOnly" });
            domain("nokey", { kmsKeyId: undefined });
            domain("nosg", { defaultUserSettings: { executionRole: ROLE } });
            domain("norole", { defaultUserSettings: { executionRole: "", securityGroups: ["sg-1"] } });
        };
        assert.deepEqual(await reported("sagemaker-domain-vpc-only", build), ["public"]);
        assert.deepEqual(await reported("sagemaker-domain-kms", build), ["nokey"]);
        assert.deepEqual(await reported("sagemaker-domain-security-groups", build), ["nosg"]);
        assert.deepEqual(await reported("sagemaker-domain-default-execution-role", build), ["norole"]);
        const msg = await violationsOf(await inlineRun(() => domain("public", { appNetworkAccessType: "PublicInternetOnly" })), "sagemaker-domain-vpc-only");
        assert.match(msg[0], /Domain "public" has appNetworkAccessType PublicInternetOnly\. Fix: set appNetworkAccessType: "VpcOnly"/);
    });

    it("sagemaker-domain-protected-in-prod reads the environment tag from the resource or the provider", async () => {
        const found = await reported("sagemaker-domain-protected-in-prod", () => {
            const prod = new aws.Provider("prod", { region: "us-east-1", defaultTags: { tags: { ...TAGGED, environment: "prod" } } });
            domain("prod-protected", {}, { protect: true, provider: prod });
            domain("prod-unprotected", {}, { provider: prod });
            domain("dev-unprotected", { tags: { environment: "dev" } });
        });
        assert.deepEqual(found, ["prod-unprotected"]);
    });

    it("sagemaker-sharing-output-encrypted", async () => {
        const found = await reported("sagemaker-sharing-output-encrypted", () => {
            domain("disabled", { defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-1"], sharingSettings: { notebookOutputOption: "Disabled" } } });
            domain("encrypted", { defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-1"], sharingSettings: { notebookOutputOption: "Allowed", s3OutputPath: "s3://b/shared", s3KmsKeyId: KEY } } });
            domain("plain", { defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-1"], sharingSettings: { notebookOutputOption: "Allowed", s3OutputPath: "s3://b/shared" } } });
        });
        assert.deepEqual(found, ["plain"]);
    });

    it("sagemaker-app-instance-types-allowed, with the allow-list from config", async () => {
        const build = () => {
            domain("system-only");
            domain("gpu", {
                defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-1"], jupyterLabAppSettings: { defaultResourceSpec: { instanceType: "ml.g5.12xlarge" } } },
            });
        };
        assert.deepEqual(await reported("sagemaker-app-instance-types-allowed", build), ["gpu"]);
        assert.deepEqual(await reported("sagemaker-app-instance-types-allowed", build, { "sagemaker-app-instance-types-allowed": { allowedInstanceTypes: ["system", "ml.g5.12xlarge"] } }), []);
    });

    it("sagemaker-user-profile-role-and-tag", async () => {
        const found = await violationsOf(
            await inlineRun(() => {
                new aws.sagemaker.UserProfile("alice", { domainId: "d-1", userProfileName: "alice", userSettings: { executionRole: ROLE }, tags: { studiouserid: "alice" } });
                new aws.sagemaker.UserProfile("anon", { domainId: "d-1", userProfileName: "anon" });
            }),
            "sagemaker-user-profile-role-and-tag",
        );
        assert.equal(found.length, 2);
        assert.ok(found.every((f) => f.startsWith("anon:")));
        assert.match(found.join("\n"), /has no studiouserid tag, so nothing stops another user opening it/);
    });

    it("sagemaker-space-needs-default-space-role links spaces to their domain", async () => {
        const found = await reported("sagemaker-space-needs-default-space-role", () => {
            const withRole = domain("with-role");
            const without = domain("without", { defaultSpaceSettings: undefined });
            new aws.sagemaker.Space("ok", { domainId: withRole.id, spaceName: "ok" });
            new aws.sagemaker.Space("orphan", { domainId: without.id, spaceName: "orphan" });
        });
        assert.deepEqual(found, ["orphan"]);
        assert.deepEqual(
            await reported("sagemaker-space-needs-default-space-role", () => {
                const d = domain("with-role");
                new aws.sagemaker.Space("ok", { domainId: d.id, spaceName: "ok" });
            }),
            [],
        );
    });

    it("sagemaker-app-image-config-non-root accepts 1000/100 and reports root unless allowed", async () => {
        const build = () => {
            new aws.sagemaker.AppImageConfig("user", { appImageConfigName: "user", kernelGatewayImageConfig: { kernelSpecs: [{ name: "python3" }], fileSystemConfig: { defaultUid: 1000, defaultGid: 100 } } });
            new aws.sagemaker.AppImageConfig("root", { appImageConfigName: "root", kernelGatewayImageConfig: { kernelSpecs: [{ name: "python3" }], fileSystemConfig: { defaultUid: 0, defaultGid: 0 } } });
        };
        assert.deepEqual(await reported("sagemaker-app-image-config-non-root", build), ["root"]);
        assert.deepEqual(await reported("sagemaker-app-image-config-non-root", build, { "sagemaker-app-image-config-non-root": { allowRoot: true } }), []);
    });

    it("sagemaker-endpoint-config-kms covers volumes and captured data", async () => {
        const variants = [{ modelName: "m", variantName: "v", initialInstanceCount: 1, instanceType: "ml.m5.large" }];
        const found = await violationsOf(
            await inlineRun(() => {
                new aws.sagemaker.EndpointConfiguration("ok", { productionVariants: variants, kmsKeyArn: KEY, dataCaptureConfig: { initialSamplingPercentage: 10, destinationS3Uri: "s3://b/c", captureOptions: [{ captureMode: "Input" }], kmsKeyId: KEY } });
                new aws.sagemaker.EndpointConfiguration("capture", { productionVariants: variants, kmsKeyArn: KEY, dataCaptureConfig: { initialSamplingPercentage: 10, destinationS3Uri: "s3://b/c", captureOptions: [{ captureMode: "Input" }] } });
                new aws.sagemaker.EndpointConfiguration("plain", { productionVariants: variants });
            }),
            "sagemaker-endpoint-config-kms",
        );
        assert.deepEqual(found.map((f) => f.replace(/ Fix:.*/, "")), [
            'capture: EndpointConfiguration "capture" captures request data without encrypting it.',
            'plain: EndpointConfiguration "plain" does not encrypt its instance volumes.',
        ]);
    });

    it("sagemaker-endpoint-config-kms does not demand a volume key for instance types with local NVMe storage (AWS rejects one)", async () => {
        const variant = (instanceType: string, variantName = "v") => ({ modelName: "m", variantName, initialInstanceCount: 1, instanceType });
        const found = await reported("sagemaker-endpoint-config-kms", () => {
            new aws.sagemaker.EndpointConfiguration("g5", { productionVariants: [variant("ml.g5.2xlarge")] });
            new aws.sagemaker.EndpointConfiguration("p4d", { productionVariants: [variant("ml.p4d.24xlarge")] });
            new aws.sagemaker.EndpointConfiguration("m5d", { productionVariants: [variant("ml.m5d.large")] });
            new aws.sagemaker.EndpointConfiguration("g4dn", { productionVariants: [variant("ml.g4dn.xlarge")] });
            new aws.sagemaker.EndpointConfiguration("mixed", { productionVariants: [variant("ml.m5.large", "a"), variant("ml.g5.xlarge", "b")] });
            new aws.sagemaker.EndpointConfiguration("ebs-only", { productionVariants: [variant("ml.m5.large")] });
            new aws.sagemaker.EndpointConfiguration("ebs-gpu", { productionVariants: [variant("ml.p3.2xlarge")] });
        });
        assert.deepEqual(found, ["ebs-gpu", "ebs-only"]);
    });

    it("sagemaker-notebook-instance-hardened", async () => {
        const found = await violationsOf(
            await inlineRun(() => {
                new aws.sagemaker.NotebookInstance("ok", { roleArn: ROLE, instanceType: "ml.t3.medium", directInternetAccess: "Disabled", rootAccess: "Disabled", kmsKeyId: KEY, subnetId: "subnet-1", securityGroups: ["sg-1"] });
                new aws.sagemaker.NotebookInstance("defaults", { roleArn: ROLE, instanceType: "ml.t3.medium" });
            }),
            "sagemaker-notebook-instance-hardened",
        );
        assert.equal(found.length, 4);
        assert.ok(found.every((f) => f.startsWith("defaults:")));
    });

    it("sagemaker-model-network-isolation", async () => {
        const container = { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1" };
        assert.deepEqual(
            await reported("sagemaker-model-network-isolation", () => {
                new aws.sagemaker.Model("isolated", { executionRoleArn: ROLE, primaryContainer: container, enableNetworkIsolation: true });
                new aws.sagemaker.Model("in-vpc", { executionRoleArn: ROLE, primaryContainer: container, vpcConfig: { subnets: ["subnet-1"], securityGroupIds: ["sg-1"] } });
                new aws.sagemaker.Model("open", { executionRoleArn: ROLE, primaryContainer: container });
            }),
            ["open"],
        );
    });

    it("efs-encrypted", async () => {
        assert.deepEqual(
            await reported("efs-encrypted", () => {
                new aws.efs.FileSystem("cmk", { encrypted: true, kmsKeyId: KEY });
                new aws.efs.FileSystem("managed", { encrypted: true });
                new aws.efs.FileSystem("plain", {});
            }),
            ["managed", "plain"],
        );
    });

    it("security-group-no-public-ingress covers inline rules, rule resources and legacy rules", async () => {
        const found = await reported("security-group-no-public-ingress", () => {
            const sg = new aws.ec2.SecurityGroup("private", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }] });
            new aws.ec2.SecurityGroup("open-inline", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] });
            new aws.vpc.SecurityGroupIngressRule("open-rule", { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" });
            new aws.vpc.SecurityGroupIngressRule("from-group", { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: "sg-2" });
            new aws.ec2.SecurityGroupRule("legacy", { type: "ingress", securityGroupId: sg.id, protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] });
            new aws.ec2.SecurityGroupRule("egress", { type: "egress", securityGroupId: sg.id, protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] });
        });
        assert.deepEqual(found, ["legacy", "open-inline", "open-rule"]);
    });
});
