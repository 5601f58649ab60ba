import { isSecretParameterName, secretValueKind } from "../../lib/documents";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "ssm",
    severity: "high",
    remediationSteps: ["Set type: \"SecureString\" and keyId to a customer-managed KMS key.", "Pass the value as a Pulumi secret."],
    url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html",
    frameworks: {
        nist: ["IA-5", "SC-28"],
    },
    comparable: {
        checkov: ["CKV2_AWS_34", "CKV_AWS_337"],
    },
    source: "seed 004 (parameters)",
};

/**
 * A parameter that holds a secret is a SecureString: judged by its name however the path is built (any
 * segment that names a secret and does not only point at one: `/app/db/password`, `/app/password/db`,
 * `/app/DB_PASSWORD`), and by its value whatever the name (a URI with a password, a private key, a token).
 * Without a `name` the provider names the parameter after the resource, so that name is judged.
 */
export const ssmSecureStringForSecrets = withMetadata(resourceCheck({
    name: "ssm-secure-string-for-secrets",
    description: "SSM parameters whose name or value is a secret are SecureString, encrypted with KMS.",
    types: ["aws:ssm/parameter:Parameter"],
    check: (props, report, args) => {
        const type = props.type ?? "String";
        if (type === "SecureString") return;
        const name = String(whenKnown(() => props.name) ?? args.name);
        const valueKind = secretValueKind(whenKnown(() => props.value)) ?? secretValueKind(whenKnown(() => props.insecureValue));
        const fix = 'set type: "SecureString" and keyId to a customer-managed KMS key, and pass the value as a Pulumi secret';
        if (valueKind) report(`stores ${valueKind} in ${name} as ${type}`, fix);
        else if (isSecretParameterName(name)) report(`stores ${name} as ${type}`, fix);
    },
}), metadata);
