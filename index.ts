import { loadPlatformConfig } from "./stacks/config";
import { createPlatform } from "./stacks/platform";
import { reportToPlan } from "./stacks/planReport";

// Configuration is validated in full before the first resource is registered.
const cfg = loadPlatformConfig();
reportToPlan({ notes: cfg.notes, warnings: cfg.warnings, details: cfg.studioCapacity ? { studioCapacity: cfg.studioCapacity } : undefined });
const platform = createPlatform(cfg);

export const dataBucketName = platform.dataBucketName;
export const dataBucketArn = platform.dataBucketArn;
export const artifactsBucketName = platform.artifactsBucketName;
export const artifactsBucketArn = platform.artifactsBucketArn;
export const kmsKeyArn = platform.kmsKeyArn;
export const kmsKeyAlias = platform.kmsKeyAlias;
export const roleArns = platform.roleArns;
export const pipelines = platform.pipelines;
export const mlops = platform.mlops;
export const network = platform.network;
export const studio = platform.studio;
