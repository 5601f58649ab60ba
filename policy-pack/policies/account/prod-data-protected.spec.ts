import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inPreview, KEY, findings, reported, TAGS } from "../../../test/support/policySpec";

const POLICY = "prod-data-protected";

function prodProvider() {
    return new aws.Provider("prod", { region: "us-east-1", defaultTags: { tags: { ...TAGS, environment: "prod" } } });
}

describe(POLICY, () => {
    it("accepts protected production data, data its service retains, and unprotected data outside production", async () => {
        const found = await reported(POLICY, () => {
            const provider = prodProvider();
            new aws.s3.Bucket("protected", {}, { provider, protect: true });
            new aws.kms.Key("protected", { enableKeyRotation: true }, { provider, protect: true });
            new aws.rds.Cluster("deletion-protected", { engine: "aurora-postgresql", storageEncrypted: true, kmsKeyId: KEY, deletionProtection: true, masterUsername: "app", manageMasterUserPassword: true }, { provider });
            new aws.dynamodb.Table("deletion-protected", { hashKey: "id", attributes: [{ name: "id", type: "S" }], deletionProtectionEnabled: true }, { provider });
            new aws.s3.Bucket("dev-bucket", {});
            new aws.sqs.Queue("not-stateful", {}, { provider });
        });
        assert.deepEqual(found, []);
    });

    it("reports unprotected production buckets, keys, secrets, repositories and databases", async () => {
        const found = await findings(POLICY, () => {
            const provider = prodProvider();
            new aws.s3.Bucket("data", {}, { provider });
            new aws.kms.Key("key", {}, { provider });
            new aws.secretsmanager.Secret("secret", {}, { provider });
            new aws.ecr.Repository("images", {}, { provider });
            new aws.sagemaker.ModelPackageGroup("registry", { modelPackageGroupName: "m" }, { provider });
            new aws.rds.Instance("db", { instanceClass: "db.t4g.micro", engine: "postgres", allocatedStorage: 20, deletionProtection: false }, { provider });
            new aws.sagemaker.Domain("studio", { domainName: "d", authMode: "IAM", vpcId: "vpc-1", subnetIds: ["s"], defaultUserSettings: { executionRole: "arn:aws:iam::123456789012:role/r" }, retentionPolicy: { homeEfsFileSystem: "Delete" } }, { provider });
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]).sort(), ["data", "db", "images", "key", "registry", "secret", "studio"]);
        assert.match(found.join("\n"), /data: Bucket "data" holds production data without protect\. Fix: create it with the resource option \{ protect: true \}/);
    });

    it("reads production from the pack config", async () => {
        const build = () => void new aws.s3.Bucket("live", { tags: { ...TAGS, environment: "live" } });
        assert.deepEqual(await reported(POLICY, build), []);
        assert.deepEqual(await reported(POLICY, build, { [POLICY]: { productionEnvironments: ["live"] } }), ["live"]);
    });

    it("skips, and says so, a retention setting unknown in preview", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const provider = prodProvider();
            const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" }, { provider });
            new aws.rds.Cluster("later", { engine: "aurora-postgresql", deletionProtection: vpc.id.apply(() => true) }, { provider });
            new aws.s3.Bucket("known", {}, { provider });
        });
        assert.deepEqual(violations.map((v) => v.split(":")[0]), ["known"]);
        assert.equal(skips.length, 1, skips.join("\n"));
        assert.match(skips[0], /skipped for Cluster "later"/);
    });
});
