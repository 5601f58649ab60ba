import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "high",
    remediationSteps: ["Set fileSystemConfig.defaultUid 1000 and defaultGid 100.", "Build the image for that user."],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/studio-byoi-specs.html",
    frameworks: {
        nist: ["AC-6"],
    },
    source: "whitepaper L813-844",
};

export const appImageConfigNonRoot = withMetadata(resourceCheck({
    name: "sagemaker-app-image-config-non-root",
    description: "Custom Studio images run as UID/GID 1000/100 (non-root); 0/0 only where the pack allows it.",
    types: ["aws:sagemaker/appImageConfig:AppImageConfig"],
    configSchema: { properties: { allowRoot: { type: "boolean", default: false, description: "Accept images that run as root (UID/GID 0/0)." } } },
    check: (props, report, args) => {
        const allowRoot = args.getConfig<{ allowRoot?: boolean }>().allowRoot ?? false;
        for (const kind of ["kernelGatewayImageConfig", "jupyterLabImageConfig", "codeEditorAppImageConfig"]) {
            const fs = props[kind]?.fileSystemConfig;
            const uid = fs?.defaultUid ?? (fs ? 1000 : undefined);
            const gid = fs?.defaultGid ?? (fs ? 100 : undefined);
            if (uid === undefined) continue;
            const root = uid === 0 && gid === 0;
            if ((root && !allowRoot) || (!root && !(uid === 1000 && gid === 100))) {
                report(`runs ${kind} as UID/GID ${uid}/${gid}`, "set fileSystemConfig.defaultUid 1000 and defaultGid 100 and build the image for that user");
            }
        }
    },
}), metadata);
