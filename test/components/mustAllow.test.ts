import { strict as assert } from "assert";
import { ProgramRun } from "../../tools/offline/runProgram";
import { inputs, ofType, one, stackRun } from "../harness";
import { StackDocuments, firstRefusal, refused, stackDocuments, withKeyStatement, withoutAction, withoutManagedAction } from "../support/stackDocuments";
import { StackFacts, mustAllowTables } from "./mustAllow";

/** The identities and resources the questions name, read from the stack run. */
function factsOf(run: ProgramRun, env: string, docs: StackDocuments): StackFacts {
    const domain = inputs(one(run, "aws:sagemaker/domain:Domain"));
    const profiles = ofType(run, "aws:sagemaker/userProfile:UserProfile").map((r) => inputs(r));
    const personas: StackFacts["personas"] = {};
    for (const p of profiles) personas[p.tags.persona] ??= { user: p.userProfileName };
    return {
        env,
        account: docs.account,
        region: docs.region,
        keyArn: docs.keyArn,
        secretArn: one(run, "aws:secretsmanager/secret:Secret").rawOutputs.arn as string,
        subnetIds: domain.subnetIds,
        // The workload group's id, as the network's own rules reference it.
        jobSecurityGroupId: inputs(one(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "network-workloads-to-endpoints")).securityGroupId,
        vpcId: domain.vpcId,
        domainId: profiles[0].domainId,
        personas,
        sharedSpace: ofType(run, "aws:sagemaker/space:Space").map((r) => inputs(r).spaceName)[0],
        studioEndpointId: ofType(run, "aws:ec2/vpcEndpoint:VpcEndpoint").find((r) => String(inputs(r).serviceName).endsWith(".studio"))!.rawOutputs.id as string,
        backup: ofType(run, "aws:backup/selection:Selection").length > 0,
        instanceType: "ml.m5.large",
    };
}

/**
 * One required permission per workload, removed to show the tables notice (the mutation check): with
 * it gone, that workload's table must report a refusal.
 */
const MUTATIONS: Array<[workload: string, role: (env: string) => string, action: string]> = [
    ["image build", (e) => `sefaz-ml-retrain-build-role-${e}`, "logs:PutLogEvents"],
    ["build trigger", (e) => `sefaz-ml-retrain-trigger-role-${e}`, "codebuild:StartBuild"],
    ["ECS task execution", (e) => `sefaz-ml-retrain-execution-role-${e}`, "secretsmanager:GetSecretValue"],
    ["task role preprocessing", (e) => `sefaz-ml-retrain-task-preprocessing-role-${e}`, "s3:PutObject"],
    ["task role training", (e) => `sefaz-ml-retrain-task-training-role-${e}`, "kms:GenerateDataKey"],
    ["task role validation", (e) => `sefaz-ml-retrain-task-validation-role-${e}`, "cloudwatch:PutMetricData"],
    ["task role publish", (e) => `sefaz-ml-retrain-task-publish-role-${e}`, "kms:Decrypt"],
    ["Step Functions", (e) => `sefaz-ml-retrain-states-role-${e}`, "events:PutRule"],
    ["Scheduler", (e) => `sefaz-ml-retrain-scheduler-role-${e}`, "sqs:SendMessage"],
    ["persona data-scientist", (e) => `sefaz-ml-sm-data-scientist-role-${e}`, "ec2:CreateNetworkInterface"],
    ["persona ml-engineer", (e) => `sefaz-ml-sm-ml-engineer-role-${e}`, "kms:Encrypt"],
    ["MLOps CodePipeline", (e) => `sefaz-ml-churn-pipeline-role-${e}`, "codebuild:StartBuild"],
    ["MLOps model build", (e) => `sefaz-ml-churn-model-build-role-${e}`, "iam:PassRole"],
    ["MLOps SageMaker pipeline", (e) => `sefaz-ml-churn-sm-pipeline-role-${e}`, "sagemaker:CreateModelPackage"],
    ["MLOps deploy", (e) => `sefaz-ml-churn-deploy-role-${e}`, "kms:Encrypt"],
    ["MLOps model", (e) => `sefaz-ml-churn-model-role-${e}`, "s3:GetObject"],
    ["MLOps EventBridge", (e) => `sefaz-ml-churn-events-role-${e}`, "codepipeline:StartPipelineExecution"],
    ["VPC flow logs", (e) => `sefaz-ml-flow-logs-role-${e}`, "logs:PutLogEvents"],
];

describe("must-allow: every workload can do its job (IAM simulator, with resource policies)", () => {
    for (const env of ["dev", "prod"]) {
        describe(`${env} stack`, () => {
            let docs: StackDocuments;
            let tables: ReturnType<typeof mustAllowTables>;
            before(async () => {
                const run = await stackRun(env);
                docs = stackDocuments(run, env);
                tables = mustAllowTables(factsOf(run, env, docs));
            });

            const workloads = [
                "image build",
                "build trigger",
                "ECS task execution",
                "task role preprocessing",
                "task role training",
                "task role validation",
                "task role publish",
                "Step Functions",
                "Scheduler",
                "alerts",
                "CloudWatch Logs",
                "VPC flow logs",
                "persona data-scientist",
                "persona ml-engineer",
                "launch policy",
                "MLOps CodePipeline",
                "MLOps model build",
                "MLOps SageMaker pipeline",
                "MLOps deploy",
                "MLOps model",
                "MLOps EventBridge",
                ...(env === "prod" ? ["Backup"] : []),
            ];
            for (const workload of workloads) {
                it(`${workload}: every documented request is allowed`, async () => {
                    const table = tables[workload];
                    assert.ok(table && table.length > 0, `no table for ${workload}`);
                    assert.deepEqual(await refused(docs, table), []);
                });
            }

            it("has a table for every workload and nothing else", () => {
                assert.deepEqual(Object.keys(tables).sort(), [...workloads].sort());
            });

            // The resource and managed policies the other workloads depend on, mutated the same way.
            type PolicyMutation = [workload: string, what: string, mutate: (d: StackDocuments) => StackDocuments, action: string];
            const backupMutation: PolicyMutation = ["Backup", "the key policy loses its grants for AWS resources", (d) => withKeyStatement(d, "AccountGrantsKeyToPlatformServiceResources", () => undefined), "kms:CreateGrant"];
            const policyMutations: PolicyMutation[] = [
                // The condition the key policy had before: EventBridge's KMS requests never carry aws:SourceAccount.
                ["alerts", "the key policy requires aws:SourceAccount of EventBridge", (d) => withKeyStatement(d, "EventBridgeDeliversToEncryptedTopicsAndQueues", (st) => ({ ...st, Condition: { StringEquals: { "aws:SourceAccount": d.account } } })), "kms:GenerateDataKey"],
                ["MLOps deploy", "the key policy loses its statement for the Pulumi secrets provider", (d) => withKeyStatement(d, "PulumiSecretsProviderRolesEncryptStackSecrets", () => undefined), "kms:Encrypt"],
                ["CloudWatch Logs", "the key policy loses its CloudWatch Logs statement", (d) => withKeyStatement(d, "CloudWatchLogsEncryptsThisAccountsLogGroups", () => undefined), "kms:GenerateDataKey"],
                ["launch policy", "the launch policy loses sagemaker:CreatePresignedDomainUrl", (d) => withoutManagedAction(d, `sefaz-ml-studio-launch-${env}`, "sagemaker:CreatePresignedDomainUrl"), "sagemaker:CreatePresignedDomainUrl"],
                ...(env === "prod" ? [backupMutation] : []),
            ];
            for (const [workload, what, mutate, action] of policyMutations) {
                it(`notices when ${what} (mutation check of ${workload})`, async () => {
                    assert.ok(await firstRefusal(mutate(docs), tables[workload], (r) => r.includes(` ${action} `)), `${what}: went unnoticed`);
                });
            }

            for (const [workload, role, action] of MUTATIONS) {
                it(`notices when ${workload} loses ${action} (mutation check)`, async () => {
                    const mutated = withoutAction(docs, role(env), action);
                    assert.ok(await firstRefusal(mutated, tables[workload], (r) => r.includes(` ${action} `)), `removing ${action} from ${role(env)} went unnoticed`);
                });
            }
        });
    }
});
