/** The four ECS steps of the retraining pipeline (seed 000), in order. */
export const PIPELINE_STEPS = ["preprocessing", "training", "validation", "publish"] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];
