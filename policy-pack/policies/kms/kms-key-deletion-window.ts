import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { DEFAULT_PRODUCTION_ENVIRONMENTS, environmentOf } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "kms",
    severity: "medium",
    remediationSteps: ["Set deletionWindowInDays to 30 for production keys (at least 7 elsewhere)."],
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html",
    frameworks: {
        nist: ["CP-9", "SC-12"],
    },
    source: "issue 2 (prod keys)",
};

export const kmsDeletionWindow = withMetadata(resourceCheck({
    name: "kms-key-deletion-window",
    description: "Production KMS keys wait the maximum 30 days before deletion (time to notice a mistake); others at least 7.",
    types: ["aws:kms/key:Key"],
    configSchema: {
        properties: {
            minimumDays: { type: "integer", minimum: 7, maximum: 30, default: 30, description: "Shortest deletion window in production." },
            productionEnvironments: { type: "array", items: { type: "string" }, default: DEFAULT_PRODUCTION_ENVIRONMENTS, description: "Values of the environment tag that mean production." },
        },
    },
    check: (props, report, args) => {
        const config = args.getConfig<{ minimumDays?: number; productionEnvironments?: string[] }>();
        const environment = environmentOf(props, args.provider);
        const production = environment !== undefined && (config.productionEnvironments ?? DEFAULT_PRODUCTION_ENVIRONMENTS).includes(environment);
        const minimum = production ? (config.minimumDays ?? 30) : 7;
        const days = props.deletionWindowInDays ?? 30;
        if (days < minimum) report(`has a deletion window of ${days} days${production ? " in production" : ""}`, `set deletionWindowInDays to ${minimum} or more`);
    },
}), metadata);
