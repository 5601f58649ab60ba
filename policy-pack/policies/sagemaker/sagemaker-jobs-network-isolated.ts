import { PolicyMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const TRAINING_JOB = "aws:sagemaker/trainingJob:TrainingJob";
const TUNING_JOB = "aws:sagemaker/hyperParameterTuningJob:HyperParameterTuningJob";
const DATA_QUALITY = "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition";
const MONITORING_SCHEDULE = "aws:sagemaker/monitoringSchedule:MonitoringSchedule";
const PIPELINE = "aws:sagemaker/pipeline:Pipeline";
const STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";

export const metadata: PolicyMetadata = {
    service: "sagemaker",
    severity: "high",
    remediationSteps: [
        "Run training, tuning and processing jobs with EnableNetworkIsolation: true when the container needs no network, or",
        "give the job a VpcConfig (Subnets and SecurityGroupIds of private subnets) so its traffic stays in the VPC and its endpoints.",
        "In Step Functions and SageMaker Pipelines definitions, set the same fields in the task's Parameters or the step's Arguments.",
    ],
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/mkt-algo-model-internet-free.html",
    frameworks: { nist: ["AC-4", "SC-7"] },
    comparable: {},
};

/** A field is set when it has a value or is filled from the execution input (`"VpcConfig.$"`, `{ Get: ... }`). */
function field(block: Record<string, any> | undefined, name: string): unknown {
    if (!block || typeof block !== "object") return undefined;
    if (block[`${name}.$`] !== undefined) return "dynamic";
    const v = block[name];
    return v && typeof v === "object" && ("Get" in v || "Std:JsonGet" in v) ? "dynamic" : v;
}

function isolatedOrInVpc(block: Record<string, any> | undefined, isolationKey: string, vpcKey: string): boolean {
    const isolation = field(block, isolationKey);
    const vpc = field(block, vpcKey);
    return isolation === true || isolation === "dynamic" || (vpc !== undefined && vpc !== null);
}

/** SageMaker API calls whose job runs containers, and where its network settings live in the request. */
const SAGEMAKER_CALLS: Array<[RegExp, string, (p: Record<string, any>) => boolean]> = [
    [/sagemaker:createTrainingJob/i, "training job", (p) => isolatedOrInVpc(p, "EnableNetworkIsolation", "VpcConfig")],
    [/sagemaker:createProcessingJob/i, "processing job", (p) => isolatedOrInVpc(field(p, "NetworkConfig") as any, "EnableNetworkIsolation", "VpcConfig") || field(p, "NetworkConfig") === "dynamic"],
    [/sagemaker:createHyperParameterTuningJob/i, "tuning job", (p) => isolatedOrInVpc(field(p, "TrainingJobDefinition") as any, "EnableNetworkIsolation", "VpcConfig")],
    [/sagemaker:createModel/i, "model", (p) => isolatedOrInVpc(p, "EnableNetworkIsolation", "VpcConfig")],
];

/** Task states of an Amazon States Language definition, through Parallel branches and Map processors. */
function taskStates(states: Record<string, any> | undefined, path = ""): Array<[string, Record<string, any>]> {
    return Object.entries(states ?? {}).flatMap(([name, state]) => {
        const here = path ? `${path}/${name}` : name;
        const nested = [
            ...((state?.Branches ?? []) as any[]).flatMap((b, i) => taskStates(b?.States, `${here}[${i}]`)),
            ...taskStates(state?.ItemProcessor?.States ?? state?.Iterator?.States, here),
        ];
        return state?.Type === "Task" ? [[here, state] as [string, Record<string, any>], ...nested] : nested;
    });
}

/** Pipeline steps (through Condition steps' If/Else branches) with the request each step sends. */
function pipelineSteps(steps: any[] | undefined): Array<[string, string, Record<string, any>]> {
    return (steps ?? []).flatMap((s) => [
        [String(s?.Name), String(s?.Type), (s?.Arguments ?? {}) as Record<string, any>] as [string, string, Record<string, any>],
        ...pipelineSteps(s?.Arguments?.IfSteps),
        ...pipelineSteps(s?.Arguments?.ElseSteps),
    ]);
}

const PIPELINE_STEP_CALLS: Record<string, string> = { Training: "sagemaker:createTrainingJob", Processing: "sagemaker:createProcessingJob", Tuning: "sagemaker:createHyperParameterTuningJob", Model: "sagemaker:createModel" };

function parseJson(text: unknown): { ok: true; value: any } | { ok: false; reason: string } {
    if (typeof text !== "string") return { ok: true, value: text };
    try {
        return { ok: true, value: JSON.parse(text) };
    } catch (err) {
        return { ok: false, reason: (err as Error).message };
    }
}

const FIX = "set EnableNetworkIsolation: true, or a VpcConfig with private subnets and security groups";

/**
 * SageMaker jobs run isolated from the network or inside a VPC: training and tuning jobs, data-quality and
 * monitoring jobs as resources, and the training, processing, tuning and model requests that Step Functions
 * state machines and SageMaker Pipelines send. Models as resources are judged by sagemaker-model-network-isolation.
 */
export const sagemakerJobsNetworkIsolated = resourceCheck({
    name: "sagemaker-jobs-network-isolated",
    description: "SageMaker training, tuning, processing and monitoring jobs run with network isolation or in a VPC, including those started by Step Functions and SageMaker Pipelines.",
    severity: metadata.severity,
    types: [TRAINING_JOB, TUNING_JOB, DATA_QUALITY, MONITORING_SCHEDULE, PIPELINE, STATE_MACHINE],
    metadata,
    check: (props, report, args) => {
        switch (args.type) {
            case TRAINING_JOB:
                if (!isolatedOrInVpc(props, "enableNetworkIsolation", "vpcConfig")) report("can reach the internet from its training containers", "set enableNetworkIsolation: true, or vpcConfig with private subnets");
                return;
            case TUNING_JOB:
                for (const [i, def] of [props.trainingJobDefinition, ...((props.trainingJobDefinitions ?? []) as any[])].entries()) {
                    if (def && !isolatedOrInVpc(def, "enableNetworkIsolation", "vpcConfig")) report(`runs training job definition ${i === 0 ? "trainingJobDefinition" : `trainingJobDefinitions[${i - 1}]`} with internet access`, "set enableNetworkIsolation: true, or vpcConfig");
                }
                return;
            case DATA_QUALITY:
            case MONITORING_SCHEDULE: {
                const network = args.type === DATA_QUALITY ? props.networkConfig : props.monitoringScheduleConfig?.monitoringJobDefinition?.networkConfig;
                const inline = args.type === DATA_QUALITY || props.monitoringScheduleConfig?.monitoringJobDefinition !== undefined;
                if (inline && !isolatedOrInVpc(network, "enableNetworkIsolation", "vpcConfig")) report("runs its monitoring job with internet access", "set networkConfig: { enableNetworkIsolation: true } or networkConfig.vpcConfig");
                return;
            }
            case PIPELINE: {
                if (props.pipelineDefinition === undefined) return; // defined in S3: not visible to the pack
                const parsed = parseJson(props.pipelineDefinition);
                if (!parsed.ok) return report(`has a pipelineDefinition the pack cannot read (${parsed.reason})`, "write the definition as valid JSON");
                for (const [name, type, request] of pipelineSteps(parsed.value?.Steps)) {
                    const call = SAGEMAKER_CALLS.find(([re]) => re.test(PIPELINE_STEP_CALLS[type] ?? "-"));
                    if (call && !call[2](request)) report(`runs ${call[1]} step "${name}" with internet access`, `in the step's Arguments, ${FIX}`);
                }
                return;
            }
            default: {
                const parsed = parseJson(props.definition);
                if (!parsed.ok) return report(`has a definition the pack cannot read (${parsed.reason})`, "write the definition as valid JSON");
                for (const [name, state] of taskStates(parsed.value?.States)) {
                    const call = SAGEMAKER_CALLS.find(([re]) => re.test(String(state.Resource ?? "")));
                    const request = state.Parameters ?? state.Arguments ?? {};
                    // A JSONata expression builds the whole request at run time: nothing to judge before.
                    if (call && typeof request === "object" && !call[2](request as Record<string, any>)) report(`starts a ${call[1]} in state "${name}" with internet access`, `in the state's Parameters, ${FIX}`);
                }
            }
        }
    },
});
