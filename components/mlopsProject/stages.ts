import { MANUAL_APPROVAL } from "./iam";
import { DeployStage } from "./names";

/**
 * The stages of the two pipelines, in order, as data: the component builds them and the tests check their
 * order. The deploy pipeline resolves the approved package once, so staging and prod get the same model.
 */
export const BUILD_STAGES = ["Source", "Build"] as const;
export const DEPLOY_PIPELINE_STAGES = ["Source", "Resolve", "DeployStaging", "TestStaging", MANUAL_APPROVAL.stage, "DeployProd"] as const;

/** The namespace and variable the resolve action exports (CodeBuild exported-variables). */
export const RESOLVE_NAMESPACE = "Resolve";
export const MODEL_PACKAGE_ARN_VARIABLE = `#{${RESOLVE_NAMESPACE}.MODEL_PACKAGE_ARN}`;

/** The stage of each deploy stage of the pipeline. */
export const DEPLOY_STAGE_OF: Record<"DeployStaging" | "DeployProd", DeployStage> = { DeployStaging: "staging", DeployProd: "prod" };

/** CodeBuild environment variables of an action, as CodePipeline's `EnvironmentVariables` JSON wants them. */
export function actionVariables(variables: Record<string, string>): string {
    return JSON.stringify(Object.entries(variables).map(([name, value]) => ({ name, value, type: "PLAINTEXT" })));
}
