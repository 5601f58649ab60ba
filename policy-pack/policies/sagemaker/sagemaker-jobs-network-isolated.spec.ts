import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inPreview, findings, reported, ROLE } from "../../../test/support/policySpec";

const POLICY = "sagemaker-jobs-network-isolated";
const VPC = { Subnets: ["subnet-1"], SecurityGroupIds: ["sg-1"] };

function stateMachine(name: string, parameters: Record<string, unknown>, resource = "arn:aws:states:::sagemaker:createTrainingJob.sync") {
    return new aws.sfn.StateMachine(name, {
        roleArn: ROLE,
        definition: JSON.stringify({
            StartAt: "Train",
            States: {
                Train: { Type: "Task", Resource: resource, Parameters: { TrainingJobName: "t", ...parameters }, Next: "Fan" },
                Fan: { Type: "Parallel", End: true, Branches: [{ StartAt: "Process", States: { Process: { Type: "Task", Resource: "arn:aws:states:::sagemaker:createProcessingJob.sync", Parameters: { NetworkConfig: { EnableNetworkIsolation: true } }, End: true } } }] },
            },
        }),
    });
}

function pipeline(name: string, steps: object[]) {
    return new aws.sagemaker.Pipeline(name, { pipelineName: name, pipelineDisplayName: name, roleArn: ROLE, pipelineDefinition: JSON.stringify({ Version: "2020-12-01", Steps: steps }) });
}

describe(POLICY, () => {
    it("accepts jobs isolated or in a VPC, however they are started, and takes values filled from the execution input", async () => {
        const found = await reported(POLICY, () => {
            stateMachine("isolated", { EnableNetworkIsolation: true });
            stateMachine("vpc", { VpcConfig: VPC });
            stateMachine("from-input", { "VpcConfig.$": "$.vpc" });
            stateMachine("not-sagemaker", {}, "arn:aws:states:::ecs:runTask.sync");
            pipeline("pipe", [
                { Name: "Train", Type: "Training", Arguments: { EnableNetworkIsolation: true } },
                { Name: "Gate", Type: "Condition", Arguments: { IfSteps: [{ Name: "Process", Type: "Processing", Arguments: { NetworkConfig: { VpcConfig: VPC } } }], ElseSteps: [] } },
            ]);
        });
        assert.deepEqual(found, []);
    });

    it("reports jobs with internet access in state machines (through Parallel branches) and pipelines (through Condition steps)", async () => {
        const found = await findings(POLICY, () => {
            stateMachine("open", {});
            pipeline("open-pipe", [{ Name: "Gate", Type: "Condition", Arguments: { IfSteps: [{ Name: "Process", Type: "Processing", Arguments: { NetworkConfig: {} } }] } }]);
            new aws.sfn.StateMachine("nested", {
                roleArn: ROLE,
                definition: JSON.stringify({ StartAt: "P", States: { P: { Type: "Parallel", End: true, Branches: [{ StartAt: "T", States: { T: { Type: "Task", Resource: "arn:aws:states:::sagemaker:createTrainingJob", Parameters: {}, End: true } } }] } } }),
            });
        });
        assert.deepEqual(found.map((f) => f.split(":")[0]).sort(), ["nested", "open", "open-pipe"]);
        assert.match(found.join("\n"), /open: StateMachine "open" starts a training job in state "Train" with internet access\. Fix: in the state's Parameters, set EnableNetworkIsolation: true, or a VpcConfig/);
        assert.match(found.join("\n"), /nested: StateMachine "nested" starts a training job in state "P\[0\]\/T"/);
        assert.match(found.join("\n"), /open-pipe: Pipeline "open-pipe" runs processing job step "Process" with internet access/);
    });

    it("reports a pipeline definition it cannot read, instead of passing it", async () => {
        const found = await findings(POLICY, () => {
            new aws.sagemaker.Pipeline("broken", { pipelineName: "b", pipelineDisplayName: "b", roleArn: ROLE, pipelineDefinition: "{ not json" });
        });
        assert.equal(found.length, 1);
        assert.match(found[0], /has a pipelineDefinition the pack cannot read/);
    });

    it("skips, and says so, a definition unknown in preview", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const bucket = new aws.s3.Bucket("b", {});
            new aws.sfn.StateMachine("later", { roleArn: ROLE, definition: bucket.bucket.apply((b) => JSON.stringify({ StartAt: "T", States: { T: { Type: "Task", Resource: "arn:aws:states:::sagemaker:createTrainingJob", Parameters: { OutputDataConfig: { S3OutputPath: `s3://${b}` } }, End: true } } })) });
        });
        assert.deepEqual(violations, []);
        assert.equal(skips.length, 1, skips.join("\n"));
    });
});
