import { plaintextSecrets, secretKindsInText } from "../../lib/documents";
import { PolicyMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

export const metadata: PolicyMetadata = {
    service: "account",
    severity: "critical",
    remediationSteps: [
        "Keep the secret in Secrets Manager (or an SSM SecureString) and pass its ARN or name, not its value: an environment variable or connection property is readable by anyone who can describe the resource.",
        "Read it at run time (Lambda extensions, ECS/Batch secrets, CodeBuild SECRETS_MANAGER variables in a project or a CodePipeline action's EnvironmentVariables, Glue connections with SECRET_ID).",
        "Rotate any secret that was ever committed in plaintext.",
    ],
    url: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html",
    frameworks: { fsbp: ["CodeBuild.2"], nist: ["IA-5(7)", "SC-28"] },
    comparable: { checkov: ["CKV_AWS_45", "CKV_AWS_46"] },
};

type Pairs = Record<string, unknown> | Array<{ name?: unknown; value?: unknown }>;

function parsed(text: unknown): any {
    if (typeof text !== "string") return text;
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** Name/value settings of each resource type that has them, with where they live (for messages). */
const SETTINGS: Readonly<Record<string, (p: Record<string, any>) => Array<[string, Pairs | undefined]>>> = {
    "aws:lambda/function:Function": (p) => [["environment.variables", p.environment?.variables]],
    "aws:sagemaker/model:Model": (p) => [["primaryContainer.environment", p.primaryContainer?.environment], ...((p.containers ?? []) as any[]).map((c, i) => [`containers[${i}].environment`, c?.environment] as [string, Pairs])],
    "aws:sagemaker/trainingJob:TrainingJob": (p) => [["environment", p.environment]],
    "aws:codebuild/project:Project": (p) => [
        ["environment.environmentVariables", ((p.environment?.environmentVariables ?? []) as any[]).filter((v) => (v?.type ?? "PLAINTEXT") === "PLAINTEXT")],
    ],
    // A CodeBuild action's EnvironmentVariables (JSON text) override the project's and are shown to anyone who can get the pipeline.
    "aws:codepipeline/pipeline:Pipeline": (p) =>
        ((p.stages ?? []) as any[]).flatMap((stage) =>
            ((stage?.actions ?? []) as any[]).map((action) => {
                const variables = parsed(action?.configuration?.EnvironmentVariables);
                return [`stage ${stage?.name} action ${action?.name} EnvironmentVariables`, Array.isArray(variables) ? variables.filter((v) => (v?.type ?? "PLAINTEXT") === "PLAINTEXT") : undefined] as [string, Pairs | undefined];
            }),
        ),
    "aws:glue/connection:Connection": (p) => [["connectionProperties", p.connectionProperties]],
    "aws:glue/job:Job": (p) => [
        ["defaultArguments", p.defaultArguments],
        ["nonOverridableArguments", p.nonOverridableArguments],
    ],
    "aws:batch/jobDefinition:JobDefinition": (p) => [["containerProperties.environment", parsed(p.containerProperties)?.environment]],
    "aws:apprunner/service:Service": (p) => [
        ["imageConfiguration.runtimeEnvironmentVariables", p.sourceConfiguration?.imageRepository?.imageConfiguration?.runtimeEnvironmentVariables],
        ["codeConfigurationValues.runtimeEnvironmentVariables", p.sourceConfiguration?.codeRepository?.codeConfiguration?.codeConfigurationValues?.runtimeEnvironmentVariables],
    ],
    "aws:elasticbeanstalk/environment:Environment": (p) => [
        ["settings (aws:elasticbeanstalk:application:environment)", ((p.settings ?? []) as any[]).filter((s) => s?.namespace === "aws:elasticbeanstalk:application:environment")],
    ],
};

/** Resource types whose user data is a script: only secret values are looked for there (launch templates hold it in base64). */
const USER_DATA: Readonly<Record<string, boolean>> = {
    "aws:ec2/instance:Instance": false,
    "aws:ec2/launchTemplate:LaunchTemplate": true,
};

/**
 * No secret in plaintext in any environment, connection property or argument of any service that has one,
 * judged by name (DB_PASSWORD, apiKey, not DB_PASSWORD_SECRET_ARN) and by value (URIs carrying a password,
 * AWS keys, GitHub and Slack tokens, private keys, connection strings), and none in instance user data.
 * ECS task definitions and SSM parameters are judged by ecs-no-plaintext-secrets and ssm-secure-string-for-secrets.
 */
export const noPlaintextSecretsInConfiguration = resourceCheck({
    name: "no-plaintext-secrets-in-configuration",
    description: "No secret is set in plaintext in environment variables, connection properties, job arguments or user data (Lambda, SageMaker, CodeBuild, CodePipeline, Glue, Batch, App Runner, Elastic Beanstalk, EC2).",
    severity: metadata.severity,
    types: [...Object.keys(SETTINGS), ...Object.keys(USER_DATA)],
    metadata,
    check: (props, report, args) => {
        if (args.type in USER_DATA) {
            const raw = props.userData;
            const text = USER_DATA[args.type] && typeof raw === "string" ? Buffer.from(raw, "base64").toString("utf8") : raw;
            for (const kind of secretKindsInText(text)) report(`has ${kind} in its user data`, "fetch the secret at boot from Secrets Manager with the instance role instead");
            return;
        }
        for (const [where, pairs] of SETTINGS[args.type](props)) {
            for (const found of plaintextSecrets(pairs)) {
                report(
                    `sets ${found.name} in ${where} in plaintext (${found.why})`,
                    `store it in Secrets Manager and pass only its ARN (e.g. ${found.name}_SECRET_ARN), read at run time`,
                );
            }
        }
    },
});
