import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

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

const SECRET_LOOKING_NAME = /(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential)/i;

export const ssmSecureStringForSecrets = withMetadata(resourceCheck({
    name: "ssm-secure-string-for-secrets",
    description: "SSM parameters whose names look like secrets are SecureString, encrypted with KMS.",
    types: ["aws:ssm/parameter:Parameter"],
    check: (props, report) => {
        const name = String(props.name ?? "");
        if (SECRET_LOOKING_NAME.test(name.split("/").pop() ?? "") && props.type !== "SecureString") {
            report(`stores ${name} as ${props.type ?? "String"}`, 'set type: "SecureString" and keyId to a customer-managed KMS key, and pass the value as a Pulumi secret');
        }
    },
}), metadata);
