import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { findings, KEY, previewKey, reported } from "../../../test/support/policySpec";

describe("database-encrypted-and-private", () => {
    it("reports a public RDS instance and an unencrypted-by-CMK Redshift cluster", async () => {
        const found = await reported("database-encrypted-and-private", () => {
            new aws.rds.Instance("good", { instanceClass: "db.t3.micro", engine: "postgres", allocatedStorage: 20, storageEncrypted: true, kmsKeyId: KEY, publiclyAccessible: false });
            new aws.rds.Instance("public", { instanceClass: "db.t3.micro", engine: "postgres", allocatedStorage: 20, storageEncrypted: true, kmsKeyId: KEY, publiclyAccessible: true });
            new aws.redshift.Cluster("plain", { clusterIdentifier: "plain", nodeType: "ra3.xlplus", masterUsername: "admin", manageMasterPassword: true });
        });
        assert.deepEqual(found, ["plain", "public"]);
    });

    it("reads Redshift's encrypted as the string @pulumi/aws v7 makes it, defaulting to \"true\" (regression: a compliant cluster was blocked)", async () => {
        const cluster = { nodeType: "ra3.xlplus", masterUsername: "admin", manageMasterPassword: true, publiclyAccessible: false };
        const found = await findings("database-encrypted-and-private", () => {
            new aws.redshift.Cluster("cmk", { ...cluster, clusterIdentifier: "cmk", encrypted: "true", kmsKeyId: KEY });
            new aws.redshift.Cluster("default-encrypted", { ...cluster, clusterIdentifier: "default-encrypted", kmsKeyId: KEY });
            new aws.redshift.Cluster("off", { ...cluster, clusterIdentifier: "off", encrypted: "false" });
        });
        assert.deepEqual(found.map((f) => f.replace(/ Fix:.*/, "")), ['off: Cluster "off" is not encrypted at rest.']);
    });

    it("counts a key unknown in preview as set", async () => {
        const build = () => new aws.rds.Instance("later", { instanceClass: "db.t3.micro", engine: "postgres", allocatedStorage: 20, storageEncrypted: true, kmsKeyId: previewKey(), publiclyAccessible: false });
        assert.deepEqual(await reported("database-encrypted-and-private", build, {}, true), []);
    });
});
