import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { isSet } from "../../lib/values";

const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "medium",
    remediationSteps: [
        "Set deploymentConfig.blueGreenUpdatePolicy (canary or linear traffic shifting) or rollingUpdatePolicy.",
        "Set deploymentConfig.autoRollbackConfiguration.alarms to CloudWatch alarms on the endpoint's errors and latency, so a bad model rolls back by itself.",
    ],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails.html",
    frameworks: {
        nist: ["CM-3", "SI-2"],
    },
    source: "issue 12 (endpoint with blue/green deployment and alarm rollback)",
};

/**
 * Without a deployment config an endpoint update shifts all traffic at once and nothing watches it: a
 * model that fails in production stays until someone notices. Advisory: deployment guardrails are not
 * available for every endpoint (serverless, some multi-variant or Marketplace set-ups), and a
 * development endpoint may not need them; the pack config can make it mandatory.
 */
export const endpointAutoRollback = withMetadata(resourceCheck({
    name: "sagemaker-endpoint-auto-rollback",
    description: "SageMaker endpoints update through a blue/green or rolling deployment that CloudWatch alarms roll back automatically.",
    types: ["aws:sagemaker/endpoint:Endpoint"],
    enforcementLevel: "advisory",
    check: (props, report) => {
        const config = props.deploymentConfig;
        if (!isSet(() => config?.blueGreenUpdatePolicy) && !isSet(() => config?.rollingUpdatePolicy)) {
            report("updates without a deployment policy, all traffic at once", "set deploymentConfig.blueGreenUpdatePolicy (canary or linear) or rollingUpdatePolicy");
        }
        if (!isSet(() => config?.autoRollbackConfiguration?.alarms)) {
            report("has no alarms to roll a failing update back", "set deploymentConfig.autoRollbackConfiguration.alarms to the endpoint's error and latency alarms");
        }
    },
}), metadata);
