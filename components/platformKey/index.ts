import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, lookupAwsContext } from "../naming";
import { KeyPolicyInput, PublisherService, ViaService, keyPolicy } from "./keyPolicy";

export * from "./keyPolicy";

export interface PlatformKeyArgs {
    /** Alias without the `alias/` prefix, e.g. `sefaz-ml-prod`. */
    alias: string;
    description?: string;
    /** Days KMS waits before deleting the key after `ScheduleKeyDeletion` (7-30; 30 in prod). */
    deletionWindowInDays: number;
    /** Services callers may use the key through (kms:ViaService). Default S3, SSM, Secrets Manager, SNS. */
    viaServices?: ViaService[];
    /** Let CloudWatch Logs encrypt this account's log groups. Default true. */
    cloudWatchLogs?: boolean;
    /** Service principals that publish to encrypted SNS topics. Default CloudWatch alarms and EventBridge. */
    publishers?: PublisherService[];
    /** Protect the key from `pulumi destroy` and keep it if it leaves the program (prod). */
    protect?: boolean;
    /** Partition, account and region; looked up through the component's provider when omitted. */
    context?: pulumi.Input<AwsContext>;
}

/**
 * The customer-managed KMS key of a stack: automatic yearly rotation, an alias, and a key policy that
 * grants exactly the services that store platform data.
 */
export class PlatformKey extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly alias: aws.kms.Alias;
    readonly keyArn: pulumi.Output<string>;
    readonly keyId: pulumi.Output<string>;

    constructor(name: string, args: PlatformKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:PlatformKey", name, {}, opts);
        if (!Number.isInteger(args.deletionWindowInDays) || args.deletionWindowInDays < 7 || args.deletionWindowInDays > 30) {
            throw new Error(`PlatformKey ${name}: deletionWindowInDays must be a whole number from 7 to 30, got ${args.deletionWindowInDays}`);
        }
        const ctx = args.context ? pulumi.output(args.context) : lookupAwsContext({ parent: this });
        const policyInput = (c: AwsContext): KeyPolicyInput => ({
            ctx: c,
            viaServices: args.viaServices,
            cloudWatchLogs: args.cloudWatchLogs,
            publishers: args.publishers,
        });
        this.key = new aws.kms.Key(
            name,
            {
                description: args.description ?? `Platform key of ${args.alias}`,
                enableKeyRotation: true,
                deletionWindowInDays: args.deletionWindowInDays,
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                keyUsage: "ENCRYPT_DECRYPT",
                bypassPolicyLockoutSafetyCheck: false,
                policy: ctx.apply((c) => JSON.stringify(keyPolicy(policyInput(c)))),
            },
            { parent: this, protect: args.protect, retainOnDelete: args.protect },
        );
        this.alias = new aws.kms.Alias(
            name,
            { name: `alias/${args.alias}`, targetKeyId: this.key.keyId },
            { parent: this, protect: args.protect },
        );
        this.keyArn = this.key.arn;
        this.keyId = this.key.keyId;
        this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasName: this.alias.name });
    }
}
