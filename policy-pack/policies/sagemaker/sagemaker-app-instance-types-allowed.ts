import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "medium",
    remediationSteps: [
        "Default Studio apps to an instance type of the pack's allowedInstanceTypes.",
        "Or add the type to allowedInstanceTypes.",
    ],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/notebooks-available-instance-types.html",
    frameworks: {
        nist: ["CM-7"],
    },
    source: "whitepaper L565-591, L257-259",
};

const DOMAIN = "aws:sagemaker/domain:Domain";

const USER_PROFILE = "aws:sagemaker/userProfile:UserProfile";

const SPACE = "aws:sagemaker/space:Space";

/** The whitepaper's example allow-list, plus `system` (the default Jupyter server's instance type). */
export const DEFAULT_ALLOWED_INSTANCE_TYPES = ["system", "ml.t3.medium", "ml.m5.large", "ml.c5.large"];

/** Default resource specs of Studio apps in a domain, profile or space's settings. */
function appInstanceTypes(settings: Record<string, any> | undefined): Array<[string, string]> {
    if (!settings) return [];
    return ["jupyterServerAppSettings", "jupyterLabAppSettings", "kernelGatewayAppSettings", "codeEditorAppSettings", "tensorBoardAppSettings"]
        .map((app) => [app, settings[app]?.defaultResourceSpec?.instanceType] as [string, string])
        .filter(([, t]) => typeof t === "string");
}

export const appInstanceTypesAllowed = withMetadata(resourceCheck({
    name: "sagemaker-app-instance-types-allowed",
    description: "Studio apps default to instance types in the organisation's allow-list (which includes system).",
    types: [DOMAIN, USER_PROFILE, SPACE],
    configSchema: {
        properties: {
            allowedInstanceTypes: { type: "array", items: { type: "string" }, default: DEFAULT_ALLOWED_INSTANCE_TYPES, description: "Instance types Studio apps may use." },
        },
    },
    check: (props, report, args) => {
        const allowed = args.getConfig<{ allowedInstanceTypes?: string[] }>().allowedInstanceTypes ?? DEFAULT_ALLOWED_INSTANCE_TYPES;
        const settings = [props.defaultUserSettings, props.defaultSpaceSettings, props.userSettings, props.spaceSettings];
        for (const [app, type] of settings.flatMap(appInstanceTypes)) {
            if (!allowed.includes(type)) report(`defaults ${app} to ${type}, outside the allow-list`, `use one of ${allowed.join(", ")}, or add ${type} to the pack's allowedInstanceTypes`);
        }
    },
}), metadata);
