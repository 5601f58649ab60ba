import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { inlineRun, violationsOf } from "../../../test/harness";
import { previewKey, reported } from "../../../test/support/policySpec";

describe("kms-key-rotation-enabled", () => {
    it("reports a symmetric key without rotation and passes one with it (asymmetric keys cannot rotate)", async () => {
        const run = await inlineRun(() => {
            new aws.kms.Key("unrotated", { enableKeyRotation: false });
            new aws.kms.Key("rotated", { enableKeyRotation: true });
            new aws.kms.Key("signing", { customerMasterKeySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" });
        });
        const found = await violationsOf(run, "kms-key-rotation-enabled");
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0], /^unrotated: Key "unrotated" does not rotate its key material\. Fix: set enableKeyRotation: true/);
    });

    it("judges in preview what is known before the key exists", async () => {
        const build = () => {
            new aws.kms.Key("unrotated", { enableKeyRotation: false, description: pulumi.interpolate`for ${previewKey()}` });
        };
        assert.deepEqual(await reported("kms-key-rotation-enabled", build, {}, true), ["unrotated"]);
    });
});
