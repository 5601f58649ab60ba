import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { bucketProgram, reported } from "../../../test/support/policySpec";

describe("s3-bucket-no-public-policy", () => {
    it("reports an Allow to \"*\" without conditions and passes one limited to the organisation", async () => {
        assert.deepEqual(
            await reported("s3-bucket-no-public-policy", () => {
                const open = new aws.s3.Bucket("open", { bucket: "open" });
                new aws.s3.BucketPolicy("open", { bucket: open.bucket, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::open/*" }] }) });
                const org = new aws.s3.Bucket("org", { bucket: "org" });
                new aws.s3.BucketPolicy("org", { bucket: org.bucket, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::org/*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-123" } } }] }) });
            }),
            ["open"],
        );
    });

    it("reports nothing in preview for a policy whose text is still unknown", async () => {
        assert.deepEqual(await reported("s3-bucket-no-public-policy", bucketProgram(), {}, true), []);
    });
});
