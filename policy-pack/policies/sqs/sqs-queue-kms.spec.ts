import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { KEY, previewKey, reported } from "../../../test/support/policySpec";

describe("sqs-queue-kms", () => {
    it("reports a queue on SQS-managed encryption and passes one on a customer-managed key", async () => {
        assert.deepEqual(
            await reported("sqs-queue-kms", () => {
                new aws.sqs.Queue("cmk", { kmsMasterKeyId: KEY });
                new aws.sqs.Queue("sqs-managed", { sqsManagedSseEnabled: true });
            }),
            ["sqs-managed"],
        );
    });

    it("counts a key unknown in preview as set", async () => {
        assert.deepEqual(await reported("sqs-queue-kms", () => new aws.sqs.Queue("later", { kmsMasterKeyId: previewKey() }), {}, true), []);
    });
});
