import { strict as assert } from "assert";
import { findings, previewKey, reported, studioDomain } from "../../../test/support/policySpec";

describe("sagemaker-domain-vpc-only", () => {
    it("reports a domain on the public internet and passes a VpcOnly one", async () => {
        assert.deepEqual(await reported("sagemaker-domain-vpc-only", () => {
            studioDomain("good");
            studioDomain("public", { appNetworkAccessType: "PublicInternetOnly" });
        }), ["public"]);
        const msg = await findings("sagemaker-domain-vpc-only", () => studioDomain("public", { appNetworkAccessType: "PublicInternetOnly" }));
        assert.match(msg[0], /Domain "public" has appNetworkAccessType PublicInternetOnly\. Fix: set appNetworkAccessType: "VpcOnly"/);
    });

    it("judges the same in preview, where the key is unknown", async () => {
        assert.deepEqual(await reported("sagemaker-domain-vpc-only", () => studioDomain("public", { appNetworkAccessType: "PublicInternetOnly", kmsKeyId: previewKey() }), {}, true), ["public"]);
    });
});
