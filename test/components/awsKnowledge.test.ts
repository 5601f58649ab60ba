import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { SERVICE_PRINCIPALS, endpointServiceName, stepFunctionsIntegration } from "../../components/aws";
import { retrainDefinition } from "../../components/retrainPipeline/stateMachine";

const COMPONENTS = path.join(__dirname, "..", "..", "components");
const STACKS = path.join(__dirname, "..", "..", "stacks");

/** The components' TypeScript sources (not the compiled package in dist/). */
function sources(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? (["dist", "node_modules"].includes(e.name) ? [] : sources(path.join(dir, e.name))) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

describe("shared AWS knowledge (components/aws.ts)", () => {
    it("is the only place components spell service principals, endpoint service names or Step Functions integration ARNs", () => {
        const offenders = sources(COMPONENTS)
            .filter((f) => path.basename(f) !== "aws.ts")
            .flatMap((f) =>
                fs
                    .readFileSync(f, "utf8")
                    .split("\n")
                    // Doc comments may show the shapes; code may not.
                    .filter((line) => !/^\s*(\*|\/\/|\/\*\*)/.test(line))
                    .filter((line) => /arn:aws[-a-z]*:states:::|com\.amazonaws\.|["`][a-z-]+\.amazonaws\.com["`]/.test(line))
                    .map((line) => `${path.relative(COMPONENTS, f)}: ${line.trim()}`),
            );
        assert.deepEqual(offenders, []);
    });

    it("assembles ARNs only in Arns (components/naming.ts) and components/aws.ts, for the stack's partition", () => {
        const offenders = [...sources(COMPONENTS), ...sources(STACKS)]
            .filter((f) => !["aws.ts", "naming.ts"].includes(path.basename(f)) || path.dirname(f) !== COMPONENTS)
            .flatMap((f) =>
                fs
                    .readFileSync(f, "utf8")
                    .split("\n")
                    .filter((line) => !/^\s*(\*|\/\/|\/\*\*)/.test(line))
                    // A template that starts an ARN (`arn:${...}`) or a literal ARN of the aws partition in code.
                    .filter((line) => /`arn:\$\{|["`]arn:aws[-a-z]*:[a-z]/.test(line))
                    .map((line) => `${path.relative(path.dirname(COMPONENTS), f)}: ${line.trim()}`),
            );
        assert.deepEqual(offenders, []);
    });

    it("builds integration ARNs and endpoint names for the partition and region at hand", () => {
        assert.equal(stepFunctionsIntegration("aws-us-gov", "ecs:runTask.sync"), "arn:aws-us-gov:states:::ecs:runTask.sync");
        assert.equal(endpointServiceName("sagemaker.api", "eu-west-1"), "com.amazonaws.eu-west-1.sagemaker.api");
        assert.equal(endpointServiceName("studio", "eu-west-1"), "aws.sagemaker.eu-west-1.studio");
        assert.equal(new Set(Object.values(SERVICE_PRINCIPALS)).size, Object.keys(SERVICE_PRINCIPALS).length, "one entry per principal");
    });

    it("gives the state machine the stack's partition in every task's Resource", () => {
        const steps = { preprocessing: "p", training: "t", validation: "v", publish: "u" };
        const definition = retrainDefinition({
            partition: "aws-cn",
            modelName: "m",
            clusterArn: "c",
            taskDefinitionArns: steps,
            subnetIds: ["s"],
            securityGroupIds: ["g"],
            topicArn: "t",
            artifactsBucket: "b",
            accuracyThreshold: 0.9,
            timeoutMinutes: { preprocessing: 1, training: 1, validation: 1, publish: 1 },
        });
        const resources = Object.values(definition.States as Record<string, { Resource?: string }>).flatMap((s) => (s.Resource ? [s.Resource] : []));
        assert.ok(resources.length >= 5);
        for (const r of resources) assert.match(r, /^arn:aws-cn:states:::/);
    });
});
