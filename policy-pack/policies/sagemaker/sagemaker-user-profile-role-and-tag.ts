import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { isSet } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "high",
    remediationSteps: ["Set userSettings.executionRole to the user's persona role.", "Set tags.studiouserid to the user's id."],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/domain-user-profile-add.html",
    frameworks: {
        nist: ["AC-3", "AC-6"],
    },
    source: "whitepaper L374-397, L721-783",
};

const USER_PROFILE = "aws:sagemaker/userProfile:UserProfile";

export const userProfileRoleAndTag = withMetadata(resourceCheck({
    name: "sagemaker-user-profile-role-and-tag",
    description: "Studio user profiles name their execution role and carry the studiouserid tag the launch policy matches.",
    types: [USER_PROFILE],
    check: (props, report, args) => {
        if (!isSet(() => props.userSettings?.executionRole)) report("has no execution role of its own", "set userSettings.executionRole to the user's persona role");
        const tags = (props.tags ?? {}) as Record<string, string>;
        if (!tags.studiouserid) {
            report("has no studiouserid tag, so nothing stops another user opening it", `set tags.studiouserid to the user's id (e.g. "${args.name}")`);
        }
    },
}), metadata);
