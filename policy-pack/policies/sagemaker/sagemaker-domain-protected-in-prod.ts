import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { DEFAULT_PRODUCTION_ENVIRONMENTS, environmentOf } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "high",
    remediationSteps: ["Create the domain with the resource option { protect: true }."],
    url: "https://www.pulumi.com/docs/iac/concepts/options/protect/",
    frameworks: {
        nist: ["CP-9"],
    },
    source: "whitepaper L323-324, L920-923",
};

const DOMAIN = "aws:sagemaker/domain:Domain";

export const domainProtectedInProduction = withMetadata(resourceCheck({
    name: "sagemaker-domain-protected-in-prod",
    description: "Production Studio domains are protected: a change of VPC, subnets, auth mode or key replaces the domain and its EFS.",
    types: [DOMAIN],
    configSchema: {
        properties: {
            productionEnvironments: { type: "array", items: { type: "string" }, default: DEFAULT_PRODUCTION_ENVIRONMENTS, description: "Values of the environment tag that mean production." },
        },
    },
    check: (props, report, args) => {
        const production = args.getConfig<{ productionEnvironments?: string[] }>().productionEnvironments ?? DEFAULT_PRODUCTION_ENVIRONMENTS;
        const environment = environmentOf(props, args.provider);
        if (environment !== undefined && production.includes(environment) && !args.opts.protect) {
            report("is a production domain without protect", "create it with the resource option { protect: true } so pulumi destroy and replacements stop before deleting home directories");
        }
    },
}), metadata);
