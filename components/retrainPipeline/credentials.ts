import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { SECRET_LOOKING_NAME } from "./args";
import { PipelineNames } from "./names";
import { ParsedRetrainPipelineArgs } from "./part";

/** The credentials secret and the training parameters of a pipeline, read by its tasks at start. */
export interface PipelineCredentials {
    secret: aws.secretsmanager.Secret;
    /** SSM parameters by training parameter name (secret-looking names as KMS SecureStrings). */
    parameters: Record<string, aws.ssm.Parameter>;
}

/**
 * Creates the database credentials (a generated password unless one is given) and the training parameters,
 * as children of the pipeline itself: the compute and the roles both use them.
 */
export function createPipelineCredentials(pipeline: pulumi.Resource, name: string, args: ParsedRetrainPipelineArgs, names: PipelineNames): PipelineCredentials {
    const s = args.settings;
    const protect = args.protect;
    const kept = { parent: pipeline, protect };
    const password =
        args.dbPassword ?? new random.RandomPassword(`${name}-db-password`, { length: 32, special: true, overrideSpecial: "!#$%&*()-_=+[]{}<>:?" }, kept).result;
    const secret = new aws.secretsmanager.Secret(
        `${name}-db-credentials`,
        {
            name: names.secret,
            description: `Database credentials of the ${s.name} retraining pipeline`,
            kmsKeyId: args.kmsKeyArn,
            recoveryWindowInDays: args.secretRecoveryWindowDays,
            tags: {
                "mlplatform:exempt:secretsmanager-secret-rotation":
                    "The database is not managed by this stack - rotation needs its rotation Lambda which comes with the database",
            },
        },
        { ...kept, retainOnDelete: protect },
    );
    new aws.secretsmanager.SecretVersion(
        `${name}-db-credentials`,
        { secretId: secret.id, secretString: pulumi.secret(pulumi.jsonStringify({ username: s.dbUsername, password })) },
        { parent: secret, protect },
    );
    const parameters = Object.fromEntries(
        Object.entries(s.parameters).map(([param, value]) => {
            const secretLooking = SECRET_LOOKING_NAME.test(param);
            const parameter = new aws.ssm.Parameter(
                `${name}-${param}`,
                {
                    name: `${names.parameterPath}${param}`,
                    type: secretLooking ? "SecureString" : "String",
                    value: secretLooking ? pulumi.secret(String(value)) : String(value),
                    keyId: secretLooking ? args.kmsKeyArn : undefined,
                    description: `Training parameter ${param} of ${s.name}`,
                },
                { parent: pipeline },
            );
            return [param, parameter];
        }),
    );
    return { secret, parameters };
}
