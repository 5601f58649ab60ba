import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { environmentOf, whenKnown } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "medium",
    remediationSteps: [
        "Default Studio apps (and, where the environment has its own list, endpoint variants) to an instance type of the pack's allow-list for the stack's environment (allowedInstanceTypesByEnvironment.<environment>, else allowedInstanceTypes).",
        "Or add the type to that list.",
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
    types: [DOMAIN, USER_PROFILE, SPACE, "aws:sagemaker/endpointConfiguration:EndpointConfiguration"],
    configSchema: {
        properties: {
            allowedInstanceTypes: { type: "array", items: { type: "string" }, default: DEFAULT_ALLOWED_INSTANCE_TYPES, description: "Instance types Studio apps may use." },
            allowedInstanceTypesByEnvironment: {
                type: "object",
                additionalProperties: { type: "array", items: { type: "string" } },
                default: {},
                description: "Per environment tag value, the instance types Studio apps and endpoint variants may use (include system for Studio), e.g. no ml.p4d in dev. Replaces allowedInstanceTypes there.",
            },
        },
    },
    check: (props, report, args) => {
        const config = args.getConfig<{ allowedInstanceTypes?: string[]; allowedInstanceTypesByEnvironment?: Record<string, string[]> }>();
        const environment = environmentOf(props, args.provider);
        const byEnvironment = environment !== undefined ? config.allowedInstanceTypesByEnvironment?.[environment] : undefined;
        const allowed = byEnvironment ?? config.allowedInstanceTypes ?? DEFAULT_ALLOWED_INSTANCE_TYPES;
        const where = byEnvironment ? `allowedInstanceTypesByEnvironment.${environment}` : "allowedInstanceTypes";
        const settings = [props.defaultUserSettings, props.defaultSpaceSettings, props.userSettings, props.spaceSettings];
        // Endpoint variants are judged only where an environment has its own list (the default list is Studio's).
        const variants: Array<[string, string]> = byEnvironment
            ? ((whenKnown(() => props.productionVariants) as Array<Record<string, any>> | undefined) ?? []).map((v, i) => [`productionVariants[${i}]`, v?.instanceType]).filter((e): e is [string, string] => typeof e[1] === "string")
            : [];
        for (const [app, type] of [...settings.flatMap(appInstanceTypes), ...variants]) {
            const what = app.startsWith("productionVariants") ? `runs ${app} on ${type}` : `defaults ${app} to ${type}`;
            if (!allowed.includes(type)) report(`${what}, outside the allow-list${byEnvironment ? ` of environment ${environment}` : ""}`, `use one of ${allowed.join(", ")}, or add ${type} to the pack's ${where}`);
        }
    },
}), metadata);
