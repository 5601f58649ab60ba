import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { MlDataBucket } from "../../components/mlDataBucket";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { ProgramError, ProgramRun } from "../../tools/offline/runProgram";
import { decide } from "../iamSimulator";
import { doc, inlineRun, inputs, ofType, one, stackRun } from "../harness";

const T = {
    bucket: "aws:s3/bucket:Bucket",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    logging: "aws:s3/bucketLogging:BucketLogging",
    key: "aws:kms/key:Key",
};

/** The configuration resource of `type` linked to `bucket` through its `bucket` property dependency. */
function linked(run: ProgramRun, bucketName: string, type: string) {
    const bucket = one(run, T.bucket, bucketName);
    const found = ofType(run, type).filter((r) => (r.propertyDependencies.bucket ?? []).includes(bucket.urn));
    assert.equal(found.length, 1, `${type} linked to ${bucketName}`);
    return found[0];
}

describe("MlDataBucket", () => {
    for (const stack of ["dev", "prod"]) {
        describe(`in the ${stack} stack`, () => {
            let run: ProgramRun;
            before(async () => (run = await stackRun(stack)));

            for (const purpose of ["data", "artifacts"]) {
                it(`${purpose}: is named uniquely per account and region, after the seeds`, () => {
                    assert.equal(inputs(one(run, T.bucket, purpose)).bucket, `sefaz-ml-${purpose}-${stack}-${MOCK_ACCOUNT_ID}-us-east-1`);
                });

                it(`${purpose}: is versioned`, () => {
                    assert.deepEqual(inputs(linked(run, purpose, T.versioning)).versioningConfiguration, { status: "Enabled" });
                });

                it(`${purpose}: encrypts by default with the platform key (SSE-KMS, bucket key)`, () => {
                    const keyArn = one(run, T.key).rawOutputs.arn;
                    const [rule] = inputs(linked(run, purpose, T.sse)).rules;
                    assert.deepEqual(rule, { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true });
                });

                it(`${purpose}: blocks all public access and disables ACLs`, () => {
                    const pab = inputs(linked(run, purpose, T.pab));
                    for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.equal(pab[flag], true, flag);
                    assert.deepEqual(inputs(linked(run, purpose, T.ownership)).rule, { objectOwnership: "BucketOwnerEnforced" });
                });

                it(`${purpose}: applies its policy only after the public access block`, () => {
                    const policy = linked(run, purpose, T.policy);
                    assert.ok(policy.dependencies.includes(linked(run, purpose, T.pab).urn));
                });

                it(`${purpose}: expires noncurrent versions and aborts incomplete uploads`, () => {
                    const lifecycle = linked(run, purpose, T.lifecycle);
                    const rules = inputs(lifecycle).rules;
                    assert.equal(rules.find((r: any) => r.abortIncompleteMultipartUpload).abortIncompleteMultipartUpload.daysAfterInitiation, 7);
                    assert.equal(rules.find((r: any) => r.noncurrentVersionExpiration).noncurrentVersionExpiration.noncurrentDays, stack === "prod" ? 90 : 30);
                    assert.ok(rules.every((r: any) => r.status === "Enabled"));
                    assert.ok(lifecycle.dependencies.includes(linked(run, purpose, T.versioning).urn), "lifecycle waits for versioning");
                });

                it(`${purpose}: ${stack === "prod" ? "is protected and retained, never force-destroyed" : "may be force-destroyed and is not protected"}`, () => {
                    const bucket = one(run, T.bucket, purpose);
                    const children = run.resources.filter((r) => r.parent === bucket.parent && r.custom);
                    assert.equal(inputs(bucket).forceDestroy, stack !== "prod");
                    assert.equal(bucket.retainOnDelete, stack === "prod");
                    for (const child of children) assert.equal(child.protect, stack === "prod", `${child.type} protect`);
                });
            }
        });
    }

    describe("bucket policy, evaluated by an IAM simulator", () => {
        const bucketArn = `arn:aws:s3:::sefaz-ml-data-dev-${MOCK_ACCOUNT_ID}-us-east-1`;
        const principal = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/sefaz-ml-ecs-task-role-dev`;
        const identity = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${bucketArn}/*` }] };
        let policy: object;
        let keyArn: string;
        before(async () => {
            const run = await stackRun("dev");
            policy = doc(linked(run, "data", T.policy), "policy");
            keyArn = one(run, T.key).rawOutputs.arn as string;
        });
        const ask = (action: string, context: Record<string, string>) =>
            decide({ principal, action, resource: `${bucketArn}/raw/file.csv`, identityPolicies: [identity], resourcePolicy: policy, context });
        const tls = { "aws:SecureTransport": "true", "s3:TlsVersion": "1.3" };

        const questions: Array<[string, string, () => Record<string, string>, string]> = [
            ["GetObject over TLS 1.3", "s3:GetObject", () => tls, "Allowed"],
            ["GetObject over plain HTTP", "s3:GetObject", () => ({ "aws:SecureTransport": "false" }), "ExplicitlyDenied"],
            ["GetObject over TLS 1.0", "s3:GetObject", () => ({ "aws:SecureTransport": "true", "s3:TlsVersion": "1.0" }), "ExplicitlyDenied"],
            ["PutObject with no encryption header (default encryption applies)", "s3:PutObject", () => tls, "Allowed"],
            ["PutObject asking for SSE-S3", "s3:PutObject", () => ({ ...tls, "s3:x-amz-server-side-encryption": "AES256" }), "ExplicitlyDenied"],
            ["PutObject with the platform key", "s3:PutObject", () => ({ ...tls, "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn }), "Allowed"],
            ["PutObject with the platform key named by key ID", "s3:PutObject", () => ({ ...tls, "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn.split("/").pop()! }), "Allowed"],
            ["PutObject asking for KMS without a key (would use aws/s3)", "s3:PutObject", () => ({ ...tls, "s3:x-amz-server-side-encryption": "aws:kms" }), "ExplicitlyDenied"],
            ["PutObject with another KMS key", "s3:PutObject", () => ({ ...tls, "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/other` }), "ExplicitlyDenied"],
        ];
        for (const [label, action, context, expected] of questions) {
            it(`${label}: ${expected}`, async () => assert.equal(await ask(action, context()), expected));
        }
    });

    describe("arguments", () => {
        const key = "arn:aws:kms:us-east-1:123456789012:key/test";
        it("sends server access logs to the given bucket when asked", async () => {
            const run = await inlineRun(() => {
                const provider = new aws.Provider("p", { region: "us-east-1" });
                new MlDataBucket("logged", { bucketName: "logged-bucket", kmsKeyArn: key, noncurrentVersionExpirationDays: 30, accessLogs: { targetBucket: "org-access-logs" } }, { provider });
                new MlDataBucket("unlogged", { bucketName: "unlogged-bucket", kmsKeyArn: key, noncurrentVersionExpirationDays: 30 }, { provider });
            });
            const logging = ofType(run, T.logging);
            assert.equal(logging.length, 1);
            assert.deepEqual(
                { target: inputs(logging[0]).targetBucket, prefix: inputs(logging[0]).targetPrefix },
                { target: "org-access-logs", prefix: "logged-bucket/" },
            );
        });

        const bad: Array<[string, object, RegExp]> = [
            ["force-destroy on a protected bucket", { protect: true, forceDestroy: true }, / {2}- forceDestroy: found true; allowed: false when protect is true/],
            ["zero noncurrent-version days", { noncurrentVersionExpirationDays: 0 }, / {2}- noncurrentVersionExpirationDays: found 0; allowed: a whole number of days from 1 to 3650/],
            ["fractional abort days", { abortIncompleteUploadDays: 1.5 }, / {2}- abortIncompleteUploadDays: found 1.5; allowed: a whole number of days/],
            ["a missing key and a bad window at once", { kmsKeyArn: undefined, noncurrentVersionExpirationDays: 4000 }, /\(2 problems\):\n {2}- kmsKeyArn: found nothing \(the key is missing\); allowed: the ARN of the customer-managed KMS key \(required\)\n {2}- noncurrentVersionExpirationDays: found 4000/],
        ];
        for (const [label, args, message] of bad) {
            it(`rejects ${label} before creating anything`, async () => {
                await assert.rejects(
                    inlineRun(() => new MlDataBucket("bad", { bucketName: "b", kmsKeyArn: key, noncurrentVersionExpirationDays: 30, ...args })),
                    (err: ProgramError) => {
                        assert.match(err.message, message);
                        assert.deepEqual(err.registered.filter((t) => t.startsWith("aws:")), []);
                        return true;
                    },
                );
            });
        }
    });
});
