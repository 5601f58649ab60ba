import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, lookupAwsContext } from "../naming";
import { parseArgs } from "../args";
import { PlatformKeyArgs, platformKeyArgsSchema } from "./args";
import { KeyPolicyInput, keyPolicy } from "./keyPolicy";

export * from "./args";
export * from "./keyPolicy";

/**
 * The customer-managed KMS key of a stack: automatic yearly rotation, an alias, and a key policy that
 * grants exactly the services that store platform data.
 */
export class PlatformKey extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly alias: aws.kms.Alias;
    readonly keyArn: pulumi.Output<string>;
    readonly keyId: pulumi.Output<string>;

    constructor(name: string, rawArgs: PlatformKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:components:PlatformKey", name, {}, opts);
        const args = parseArgs(platformKeyArgsSchema, rawArgs, "PlatformKey", name);
        const ctx = args.context ? pulumi.output(args.context) : lookupAwsContext({ parent: this });
        const policyInput = (c: AwsContext): KeyPolicyInput => ({
            ctx: c,
            viaServices: args.viaServices,
            cloudWatchLogs: args.cloudWatchLogs,
            publishers: args.publishers,
            secretsProviderRoleNames: args.secretsProviderRoleNames,
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
