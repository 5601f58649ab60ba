import { PolicyMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { whenKnown } from "../../lib/values";

const DOMAIN = "aws:sagemaker/domain:Domain";
const USER_PROFILE = "aws:sagemaker/userProfile:UserProfile";
const SPACE = "aws:sagemaker/space:Space";

/** Longest idle timeout accepted by default: four hours of an idle GPU is what the whitepaper warns about. */
export const DEFAULT_MAXIMUM_IDLE_MINUTES = 240;

/** Studio apps with built-in idle shutdown (appLifecycleManagement), and the hiddenAppTypes name of each. */
const APPS: Array<[setting: string, hiddenName: string]> = [
    ["jupyterLabAppSettings", "JupyterLab"],
    ["codeEditorAppSettings", "CodeEditor"],
];

export const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "medium",
    remediationSteps: [
        "In the domain's defaultUserSettings, set jupyterLabAppSettings and codeEditorAppSettings appLifecycleManagement.idleSettings to { lifecycleManagement: \"ENABLED\", idleTimeoutInMinutes: <60-240> }.",
        "Set maxIdleTimeoutInMinutes no higher than the pack's maximumIdleMinutes, so users cannot raise it beyond.",
        "Do not set lifecycleManagement: \"DISABLED\" on user profiles or spaces.",
    ],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/studio-updated-idle-shutdown.html",
    frameworks: { nist: ["AC-12", "SA-8"] },
    comparable: {},
};

interface Found {
    problem: string;
    fix: string;
}

/** What is wrong with one app's idle settings, or undefined when it shuts down idle apps in time. */
function judgeApp(app: Record<string, any> | undefined, name: string, maximum: number, required: boolean): Found | undefined {
    const idle = app?.appLifecycleManagement?.idleSettings;
    const fix = `set ${name}.appLifecycleManagement.idleSettings: { lifecycleManagement: "ENABLED", idleTimeoutInMinutes: ${Math.min(120, maximum)}, maxIdleTimeoutInMinutes: ${maximum} }`;
    if (idle?.lifecycleManagement === "DISABLED") return { problem: `turns idle shutdown off in ${name}`, fix };
    const longest = Math.max(idle?.idleTimeoutInMinutes ?? 0, idle?.maxIdleTimeoutInMinutes ?? 0);
    if (longest > maximum) return { problem: `lets apps of ${name} idle for ${longest} minutes, more than ${maximum}`, fix };
    if (required && (idle?.lifecycleManagement !== "ENABLED" || idle?.idleTimeoutInMinutes === undefined)) {
        return { problem: `does not shut down idle apps of ${name}`, fix };
    }
    return undefined;
}

/**
 * Studio apps shut down when idle. The domain's defaults must enable idle shutdown for JupyterLab and
 * Code Editor (unless the app is hidden), within the configured maximum; user profiles and spaces inherit
 * it and may not turn it off or raise it.
 */
export const sagemakerStudioIdleShutdown = resourceCheck({
    name: "sagemaker-studio-idle-shutdown",
    description: "SageMaker Studio shuts down idle JupyterLab and Code Editor apps within the configured maximum idle time.",
    severity: metadata.severity,
    types: [DOMAIN, USER_PROFILE, SPACE],
    metadata,
    configSchema: {
        properties: {
            maximumIdleMinutes: { type: "integer", minimum: 60, maximum: 525600, default: DEFAULT_MAXIMUM_IDLE_MINUTES, description: "Longest idle time (and maximum users may choose) before an app shuts down." },
        },
    },
    check: (props, report, args) => {
        const maximum = args.getConfig<{ maximumIdleMinutes?: number }>().maximumIdleMinutes ?? DEFAULT_MAXIMUM_IDLE_MINUTES;
        const hidden = (whenKnown(() => props.defaultUserSettings?.studioWebPortalSettings?.hiddenAppTypes) as string[] | undefined) ?? [];
        const settings: Array<[Record<string, any> | undefined, string, boolean]> =
            args.type === DOMAIN
                ? [
                      [props.defaultUserSettings, "defaultUserSettings", true],
                      [props.defaultSpaceSettings, "defaultSpaceSettings", false],
                  ]
                : args.type === USER_PROFILE
                  ? [[props.userSettings, "userSettings", false]]
                  : [[props.spaceSettings, "spaceSettings", false]];
        for (const [block, where, required] of settings) {
            for (const [app, hiddenName] of APPS) {
                const found = judgeApp(block?.[app], `${where}.${app}`, maximum, required && !hidden.includes(hiddenName));
                if (found) report(found.problem, found.fix);
            }
        }
    },
});
