import * as aws from "@pulumi/aws";
import { ModelEndpoint } from "@mlplatform/components";
import { loadEndpointConfig } from "./config";

/**
 * The endpoint program: one ModelEndpoint for one approved model package and one stage, configured by
 * `modelEndpoint:` keys. The deploy CodeBuild of an MlopsProject sets them from its variables
 * (components/buildspecs/model-deploy.yml) and runs `pulumi up --policy-pack`, so endpoints pass the same guardrails
 * as the platform and plan offline: `npm run plan -- --program programs/model-endpoint/index.ts --stack sample`.
 */

// Configuration is validated in full before the first resource is registered.
const cfg = loadEndpointConfig();
// The default provider is disabled (Pulumi.yaml): the region comes from validated config, and every resource
// carries the stage's tags even where a resource type takes none of its own.
const provider = new aws.Provider("aws", { region: cfg.region as aws.Region, defaultTags: { tags: cfg.endpoint.tags } });
const endpoint = new ModelEndpoint(cfg.endpoint.endpointName, cfg.endpoint, { providers: { aws: provider } });

export const endpointName = endpoint.endpointName;
export const endpointArn = endpoint.endpointArn;
export const endpointConfigName = endpoint.endpointConfigName;
export const modelName = endpoint.modelName;
export const modelPackageArn = cfg.endpoint.modelPackageArn;
export const stage = cfg.stage;
