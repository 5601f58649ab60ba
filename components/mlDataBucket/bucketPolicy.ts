/**
 * The bucket policy every platform bucket carries, as plain data: deny any request not made over TLS
 * 1.2+, and deny object uploads that ask for an encryption other than the platform key. Uploads that ask
 * for none get the bucket's default (SSE-KMS with the platform key), so they are allowed.
 */
export function dataBucketPolicy(bucketArn: string, kmsKeyArn: string): object {
    const everything = [bucketArn, `${bucketArn}/*`];
    // Clients may name the key by ARN or by key ID; both mean the platform key.
    const keyNames = [kmsKeyArn, kmsKeyArn.split("/").pop()!];
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: everything,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
                Sid: "DenyOutdatedTls",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: everything,
                Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
            },
            {
                // Null=false makes the statement apply only when the header is present (a negated operator
                // alone would also match requests without it, which default encryption covers).
                Sid: "DenyUploadsWithOtherEncryption",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: `${bucketArn}/*`,
                Condition: {
                    Null: { "s3:x-amz-server-side-encryption": "false" },
                    StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
                },
            },
            {
                Sid: "DenyUploadsWithOtherKmsKey",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: `${bucketArn}/*`,
                Condition: {
                    Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
                    StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyNames },
                },
            },
            {
                // "aws:kms" without a key ID would make S3 use the AWS-managed aws/s3 key, not the bucket default.
                Sid: "DenyUploadsWithKmsButNoKey",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: `${bucketArn}/*`,
                Condition: {
                    StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
                    Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
                },
            },
        ],
    };
}
