import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { bucketProgram, findings, reported } from "../../../test/support/policySpec";

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

    it("judges conditions by meaning: aws:SecureTransport on an Allow to '*' and NotPrincipal are still public", async () => {
        const policyOf = (name: string, statement: object) =>
            JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${name}/*`, ...statement }] });
        const found = await findings("s3-bucket-no-public-policy", () => {
            const cases: Array<[string, object | string]> = [
                ["tls", { Principal: { AWS: "*" }, Condition: { Bool: { "aws:SecureTransport": "true" } } }],
                ["notprincipal", { NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } }],
                ["vpce", { Principal: "*", Condition: { StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } } }],
                ["account", { Principal: { AWS: "arn:aws:iam::123456789012:root" } }],
            ];
            for (const [name, statement] of cases) {
                const bucket = new aws.s3.Bucket(name, { bucket: name });
                new aws.s3.BucketPolicy(name, { bucket: bucket.bucket, policy: policyOf(name, statement as object) });
            }
            const garbled = new aws.s3.Bucket("garbled", { bucket: "garbled" });
            new aws.s3.BucketPolicy("garbled", { bucket: garbled.bucket, policy: "{ not json" });
        });
        assert.deepEqual(found.map((v) => v.split(":")[0]).sort(), ["garbled", "notprincipal", "tls"], found.join("\n"));
        assert.match(found.join("\n"), /tls: Bucket "tls" has a policy where statement #1 allows s3:GetObject to any principal \("\*"\) with no condition on who or from where\. Fix: /);
        assert.match(found.join("\n"), /notprincipal: .* to everyone but the NotPrincipal/);
    });

    it("reports nothing in preview for a policy whose text is still unknown", async () => {
        assert.deepEqual(await reported("s3-bucket-no-public-policy", bucketProgram(), {}, true), []);
    });
});
