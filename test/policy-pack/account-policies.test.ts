import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inlineRun, violationsOf } from "../harness";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/k";
const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });

async function reported(policy: string, build: () => void, config = {}): Promise<string[]> {
    return (await violationsOf(await inlineRun(build), policy, config)).map((v) => v.split(":")[0]).sort();
}

describe("account-level policies", () => {
    it("iam-no-users-or-access-keys reports users, their keys and policies, not roles", async () => {
        const found = await reported("iam-no-users-or-access-keys", () => {
            const user = new aws.iam.User("deployer", {});
            new aws.iam.AccessKey("deployer", { user: user.name });
            new aws.iam.Role("app", { assumeRolePolicy: TRUST });
        });
        assert.deepEqual(found, ["deployer", "deployer"]);
        assert.deepEqual(await reported("iam-no-users-or-access-keys", () => new aws.iam.Role("only-roles", { assumeRolePolicy: TRUST })), []);
    });

    it("iam-no-admin-managed-policies reports AdministratorAccess and *FullAccess attachments", async () => {
        const found = await reported("iam-no-admin-managed-policies", () => {
            const role = new aws.iam.Role("app", { assumeRolePolicy: TRUST });
            new aws.iam.RolePolicyAttachment("admin", { role: role.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
            new aws.iam.RolePolicyAttachment("s3-full", { role: role.name, policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" });
            new aws.iam.RolePolicyAttachment("service-role", { role: role.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup" });
            new aws.iam.Role("inline-managed", { assumeRolePolicy: TRUST, managedPolicyArns: ["arn:aws:iam::aws:policy/IAMFullAccess"] });
        });
        assert.deepEqual(found, ["admin", "inline-managed", "s3-full"]);
    });

    it("kms-key-policy-safe reports a '*' grant without conditions and a bypassed lockout check", async () => {
        const open = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }] });
        const conditioned = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } } }] });
        const found = await reported("kms-key-policy-safe", () => {
            new aws.kms.Key("open", { enableKeyRotation: true, policy: open });
            new aws.kms.Key("conditioned", { enableKeyRotation: true, policy: conditioned });
            new aws.kms.Key("bypass", { enableKeyRotation: true, bypassPolicyLockoutSafetyCheck: true });
        });
        assert.deepEqual(found, ["bypass", "open"]);
    });

    it("kms-key-deletion-window asks 30 days in production, 7 elsewhere", async () => {
        const found = await reported("kms-key-deletion-window", () => {
            const prod = new aws.Provider("prod", { region: "us-east-1", defaultTags: { tags: { environment: "prod" } } });
            new aws.kms.Key("prod-short", { enableKeyRotation: true, deletionWindowInDays: 7 }, { provider: prod });
            new aws.kms.Key("prod-30", { enableKeyRotation: true, deletionWindowInDays: 30 }, { provider: prod });
            new aws.kms.Key("dev-7", { enableKeyRotation: true, deletionWindowInDays: 7, tags: { environment: "dev" } });
        });
        assert.deepEqual(found, ["prod-short"]);
    });

    it("sqs-queue-kms", async () => {
        assert.deepEqual(
            await reported("sqs-queue-kms", () => {
                new aws.sqs.Queue("cmk", { kmsMasterKeyId: KEY });
                new aws.sqs.Queue("sqs-managed", { sqsManagedSseEnabled: true });
            }),
            ["sqs-managed"],
        );
    });

    it("cloudwatch-alarm-has-actions", async () => {
        const alarm = { comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, metricName: "Errors", namespace: "AWS/Lambda", period: 60, statistic: "Sum", threshold: 1 };
        assert.deepEqual(
            await reported("cloudwatch-alarm-has-actions", () => {
                new aws.cloudwatch.MetricAlarm("notifies", { ...alarm, alarmActions: ["arn:aws:sns:us-east-1:123456789012:t"] });
                new aws.cloudwatch.MetricAlarm("silent", alarm);
            }),
            ["silent"],
        );
    });

    it("database-encrypted-and-private", async () => {
        const found = await reported("database-encrypted-and-private", () => {
            new aws.rds.Instance("good", { instanceClass: "db.t3.micro", engine: "postgres", allocatedStorage: 20, storageEncrypted: true, kmsKeyId: KEY, publiclyAccessible: false });
            new aws.rds.Instance("public", { instanceClass: "db.t3.micro", engine: "postgres", allocatedStorage: 20, storageEncrypted: true, kmsKeyId: KEY, publiclyAccessible: true });
            new aws.redshift.Cluster("plain", { clusterIdentifier: "plain", nodeType: "ra3.xlplus", masterUsername: "admin", manageMasterPassword: true });
        });
        assert.deepEqual(found, ["plain", "public"]);
    });

    it("database-encrypted-and-private reads Redshift's encrypted as the string @pulumi/aws v7 makes it, defaulting to \"true\"", async () => {
        const cluster = { nodeType: "ra3.xlplus", masterUsername: "admin", manageMasterPassword: true, publiclyAccessible: false };
        const found = await violationsOf(
            await inlineRun(() => {
                new aws.redshift.Cluster("cmk", { ...cluster, clusterIdentifier: "cmk", encrypted: "true", kmsKeyId: KEY });
                new aws.redshift.Cluster("default-encrypted", { ...cluster, clusterIdentifier: "default-encrypted", kmsKeyId: KEY });
                new aws.redshift.Cluster("off", { ...cluster, clusterIdentifier: "off", encrypted: "false" });
            }),
            "database-encrypted-and-private",
        );
        assert.deepEqual(found.map((f) => f.replace(/ Fix:.*/, "")), ['off: Cluster "off" is not encrypted at rest.']);
    });

    it("ec2-default-security-group-closed", async () => {
        assert.deepEqual(
            await reported("ec2-default-security-group-closed", () => {
                new aws.ec2.DefaultSecurityGroup("closed", { vpcId: "vpc-1" });
                new aws.ec2.DefaultSecurityGroup("open", { vpcId: "vpc-2", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
            }),
            ["open"],
        );
    });

    it("vpc-flow-logs links flow logs to their VPC", async () => {
        const found = await reported("vpc-flow-logs", () => {
            const logged = new aws.ec2.Vpc("logged", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.Vpc("silent", { cidrBlock: "10.1.0.0/16" });
            new aws.ec2.FlowLog("logged", { vpcId: logged.id, trafficType: "ALL", logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:x", iamRoleArn: "arn:aws:iam::123456789012:role/r" });
        });
        assert.deepEqual(found, ["silent"]);
        assert.deepEqual(await reported("vpc-flow-logs", () => {
            const v = new aws.ec2.Vpc("only", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.FlowLog("only", { vpcId: v.id, trafficType: "ALL", logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:x", iamRoleArn: "arn:aws:iam::123456789012:role/r" });
        }), []);
    });
});

describe("region policy", () => {
    it("aws-allowed-regions allows any region by default and only the configured ones when set", async () => {
        const build = () => {
            const saoPaulo = new aws.Provider("sa", { region: "sa-east-1" });
            new aws.sns.Topic("in-sa", { kmsMasterKeyId: KEY }, { provider: saoPaulo });
            new aws.sns.Topic("in-us", { kmsMasterKeyId: KEY });
        };
        assert.deepEqual(await reported("aws-allowed-regions", build), []);
        const found = await violationsOf(await inlineRun(build), "aws-allowed-regions", { "aws-allowed-regions": { allowedRegions: ["sa-east-1"] } });
        assert.deepEqual(found.map((f) => f.split(":")[0]), ["in-us"]);
        assert.match(found[0], /Topic "in-us" is in us-east-1\. Fix: create it in one of sa-east-1/);
    });
});

describe("vpc-flow-logs with a VPC made inside a component", () => {
    it("matches a flow log to a VPC by the id in the VPC's ARN, as for awsx's VPC", async () => {
        const run = await inlineRun(() => {
            // Stand-ins for a component's VPC: the flow log names it only by its id.
            new aws.ec2.Vpc("inside-component", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.FlowLog("by-id", { vpcId: "vpc-inside-component", trafficType: "ALL", logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:x", iamRoleArn: "arn:aws:iam::123456789012:role/r" });
        });
        assert.deepEqual(await violationsOf(run, "vpc-flow-logs"), []);
        const unlogged = await inlineRun(() => new aws.ec2.Vpc("alone", { cidrBlock: "10.0.0.0/16" }));
        assert.equal((await violationsOf(unlogged, "vpc-flow-logs")).length, 1);
    });
});

describe("VPC hygiene with subnet flow logs and unmanaged default groups", () => {
    it("a subnet flow log does not excuse a VPC without one; an unmanaged default security group is reported", async () => {
        const run = await inlineRun(() => {
            new aws.ec2.Vpc("bare", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.FlowLog("subnet-only", { subnetId: "subnet-1", trafficType: "ALL", logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:x", iamRoleArn: "arn:aws:iam::123456789012:role/r" });
        });
        assert.deepEqual((await violationsOf(run, "vpc-flow-logs")).map((v) => v.split(":")[0]), ["bare"]);
        const sg = await violationsOf(run, "ec2-default-security-group-closed");
        assert.equal(sg.length, 1);
        assert.match(sg[0], /Vpc "bare" leaves its default security group unmanaged/);
        const managed = await inlineRun(() => {
            const vpc = new aws.ec2.Vpc("managed", { cidrBlock: "10.0.0.0/16" });
            new aws.ec2.DefaultSecurityGroup("managed", { vpcId: vpc.id });
        });
        assert.deepEqual(await violationsOf(managed, "ec2-default-security-group-closed"), []);
    });

    it("exemptions-are-justified rejects a reason AWS would not accept as a tag value", async () => {
        const run = await inlineRun(() => new aws.sqs.Queue("q", { tags: { "mlplatform:exempt:sqs-queue-kms": "Legacy consumer, cannot read KMS-encrypted messages" } }));
        assert.match((await violationsOf(run, "exemptions-are-justified")).join(), /reason for its sqs-queue-kms exemption that AWS will not accept as a tag value/);
        assert.equal((await violationsOf(run, "sqs-queue-kms")).length, 1, "not honoured");
    });
});
