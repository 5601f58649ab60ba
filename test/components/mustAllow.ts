import { MustAllow } from "../support/stackDocuments";

/**
 * What each workload of a stack must be allowed to do at run time, one request per row, each with the AWS
 * page that requires it. The deny tables beside these (mlRoles, retrainPipeline, studioGuardrails) prove
 * what is refused; these prove the platform still works. Asked of the IAM simulator by mustAllow.test.ts
 * together with the resource policy AWS evaluates (key, bucket, topic, queue, repository, trust).
 */

/** AWS documentation, URL and section, cited by the questions. */
export const AWS_DOCS = {
    trust: "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html (Cross-service confused deputy prevention: aws:SourceAccount)",
    codebuildRole: "https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html (Allow CodeBuild to interact with other AWS services)",
    codecommitKms: "https://docs.aws.amazon.com/codecommit/latest/userguide/encryption.html (AWS KMS and encryption for CodeCommit repositories)",
    ecrAuth: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html (Private registry authentication: ecr:GetAuthorizationToken)",
    ecrPush: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html (IAM permissions for pushing an image)",
    ecrRepoPolicy: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html (Private repository policies)",
    ebTargetRole: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html (Permissions for EventBridge targets that need a role: CodeBuild StartBuild)",
    ecsExecution: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html (Amazon ECS task execution IAM role: image pull and awslogs)",
    ecsSecrets: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html (Required IAM permissions: secretsmanager:GetSecretValue, kms:Decrypt)",
    ecsParameters: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html (Required IAM permissions: ssm:GetParameters, kms:Decrypt)",
    s3Kms: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html (Permissions: kms:GenerateDataKey to upload, kms:Decrypt to download SSE-KMS objects)",
    s3List: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html (Permissions: s3:ListBucket, s3:prefix)",
    cwNamespace: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html (Use condition keys to limit access to CloudWatch namespaces)",
    sfnEcs: "https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html (IAM policies for calling Amazon ECS/AWS Fargate: Run a Job .sync)",
    sfnSns: "https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html (IAM policies for calling Amazon SNS)",
    sfnSdk: "https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html (AWS SDK integrations: the role needs the called API's permission, s3:GetObject)",
    sfnLogs: "https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html (IAM policies for logging to CloudWatch Logs)",
    sfnXray: "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-xray-tracing.html (IAM policies for X-Ray tracing)",
    snsPublisherKms: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html (Allow a user to send messages to a topic with SSE: kms:GenerateDataKey*, kms:Decrypt)",
    snsServiceKms:
        "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html (Enable compatibility between event sources from AWS services and encrypted topics; aws:SourceAccount/aws:SourceArn are not supported in the KMS policy for EventBridge-to-encrypted topics)",
    ebSns: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions (Amazon SNS permissions)",
    ebDlq: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html (Granting permissions to the dead-letter queue)",
    cwAlarmSns: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html (Amazon SNS notifications: cloudwatch.amazonaws.com publishes)",
    schedulerRole: "https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role (Set up the execution role: states:StartExecution)",
    schedulerDlq: "https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html (Set up execution role permissions: sqs:SendMessage)",
    sqsProducerKms: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html (Producer permissions: kms:GenerateDataKey, kms:Decrypt)",
    logsKms: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html (Step 2: Set permissions on the KMS key, kms:EncryptionContext:aws:logs:arn)",
    smTraining: "https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createtrainingjob-perms (CreateTrainingJob API: Execution Role Permissions)",
    smProcessing: "https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createprocessingjob-perms (CreateProcessingJob API: Execution Role Permissions)",
    smOutputKms: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_OutputDataConfig.html (KmsKeyId: the execution role must include permissions to call kms:Encrypt)",
    smPassRole: "https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-pass-role (Passing roles: iam:PassRole to sagemaker.amazonaws.com)",
    smTagOnCreate: "https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html (Control creation of SageMaker resources with tags: sagemaker:AddTags)",
    smSpaces: "https://docs.aws.amazon.com/sagemaker/latest/dg/domain-space-permissions.html (Set up permissions for private and shared spaces)",
    smLaunch: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePresignedDomainUrl.html (CreatePresignedDomainUrl), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag (aws:PrincipalTag)",
    smPipelines: "https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-access.html (IAM access management for SageMaker Pipelines)",
    cpRole: "https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role (Manage the CodePipeline service role: source, artifacts, CodeBuild, SNS)",
    smEndpoints: "https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createmodel-perms (CreateModel API: Execution Role Permissions)",
    smEndpointKms: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html (KmsKeyId: the caller needs kms:CreateGrant)",
    pulumiS3: "https://www.pulumi.com/docs/iac/concepts/state-and-backends/#aws-s3 (AWS S3 backend)",
    pulumiKms: "https://www.pulumi.com/docs/iac/concepts/secrets/#aws-key-management-service-kms (awskms:// secrets provider: kms:Encrypt, kms:Decrypt)",
    ebCodePipeline: "https://docs.aws.amazon.com/codepipeline/latest/userguide/create-cwe-ecr-source-console.html (EventBridge rule role: codepipeline:StartPipelineExecution)",
    smModelRegistry: "https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-version.html (Register a model version: sagemaker:CreateModelPackage)",
    flowLogsRole: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html (IAM role for publishing flow logs to CloudWatch Logs)",
    backupRole: "https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html (Default service role for AWS Backup: AWSBackupServiceRolePolicyForBackup)",
    backupKms: "https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html (Encryption for backups: kms:CreateGrant for AWS resources)",
};

/** Identities and resources of one stack the questions name (from the stack run, never guessed). */
export interface StackFacts {
    env: string;
    account: string;
    region: string;
    keyArn: string;
    secretArn: string;
    subnetIds: string[];
    /** The security groups jobs run with (the workload group). */
    jobSecurityGroupId: string;
    vpcId: string;
    /** Studio domain id and its users. */
    domainId: string;
    personas: Record<string, { user: string }>;
    /** A shared space, when the stack has one. */
    sharedSpace?: string;
    /** The Studio interface endpoint people open Studio through from inside the network. */
    studioEndpointId: string;
    /** Whether the stack backs the home EFS up (prod). */
    backup: boolean;
    instanceType: string;
}

/** Names, ARNs and question builders shared by the tables of one stack. */
function helpers(f: StackFacts) {
    const { env, account: A, region: R } = f;
    const D = AWS_DOCS;
    const arn = (service: string, resource: string) => `arn:aws:${service}:${R}:${A}:${resource}`;
    const role = (key: string) => `sefaz-ml-retrain-${key}-role-${env}`;
    const roleArn = (name: string) => `arn:aws:iam::${A}:role/${name}`;
    const data = `arn:aws:s3:::sefaz-ml-data-${env}-${A}-${R}`;
    const artifacts = `arn:aws:s3:::sefaz-ml-artifacts-${env}-${A}-${R}`;
    const via = (service: string) => ({ "kms:ViaService": `${service}.${R}.amazonaws.com` });
    const s3Context = (bucket: string) => ({ ...via("s3"), "kms:EncryptionContext:aws:s3:arn": bucket });
    const repository = arn("ecr", `repository/sefaz-ml-retrain-${env}`);
    const topic = arn("sns", `sefaz-ml-retrain-alerts-${env}`);
    const queue = arn("sqs", `sefaz-ml-retrain-dlq-${env}`);
    const rule = (name: string) => arn("events", `rule/sefaz-ml-retrain-${name}-${env}`);
    const logStream = (group: string, stream: string) => arn("logs", `log-group:${group}:log-stream:${stream}`);
    const trust = (name: string, service: string): MustAllow => ({
        does: `${service} assumes ${name} for this account`,
        doc: D.trust,
        principal: service,
        action: "sts:AssumeRole",
        resource: roleArn(name),
        context: { "aws:SourceAccount": A },
    });
    const key = (principal: string, does: string, doc: string, action: string, context: Record<string, string>): MustAllow => ({ does, doc, principal, action, resource: f.keyArn, context });

    return { env, A, R, D, arn, role, roleArn, data, artifacts, via, s3Context, repository, topic, queue, rule, logStream, trust, key };
}

/** Image build, its trigger, the ECS task execution role and each step's task role. */
function buildAndTaskTables(f: StackFacts, tables: Record<string, MustAllow[]>): void {
    const { env, D, arn, role, data, artifacts, via, s3Context, repository, logStream, trust, key } = helpers(f);
    // --- Image build (CodeBuild) and its trigger.
    const build = role("build");
    const buildLogs = `/sefaz-ml/${env}/retrain/codebuild`;
    tables["image build"] = [
        trust(build, "codebuild.amazonaws.com"),
        { does: "clones the model's source", doc: D.codebuildRole, principal: build, action: "codecommit:GitPull", resource: arn("codecommit", `sefaz-ml-retrain-${env}`) },
        key(build, "decrypts the KMS-encrypted repository while cloning", D.codecommitKms, "kms:Decrypt", via("codecommit")),
        { does: "logs in to ECR", doc: D.ecrAuth, principal: build, action: "ecr:GetAuthorizationToken", resource: "*" },
        ...["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"].map((action) => ({
            does: `pushes the image (${action.split(":")[1]})`,
            doc: D.ecrPush,
            principal: build,
            action,
            resource: repository,
        })),
        { does: "creates its log stream", doc: D.codebuildRole, principal: build, action: "logs:CreateLogStream", resource: logStream(buildLogs, "build-1") },
        { does: "writes build logs", doc: D.codebuildRole, principal: build, action: "logs:PutLogEvents", resource: logStream(buildLogs, "build-1") },
    ];
    tables["build trigger"] = [
        trust(role("trigger"), "events.amazonaws.com"),
        { does: "starts the image build on a push", doc: D.ebTargetRole, principal: role("trigger"), action: "codebuild:StartBuild", resource: arn("codebuild", `project/sefaz-ml-retrain-build-${env}`) },
    ];

    // --- ECS task execution role: image pull, logs, parameters and secrets injected with KMS.
    const execution = role("execution");
    tables["ECS task execution"] = [
        trust(execution, "ecs-tasks.amazonaws.com"),
        { does: "logs in to ECR", doc: D.ecsExecution, principal: execution, action: "ecr:GetAuthorizationToken", resource: "*" },
        ...["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"].map((action) => ({
            does: `pulls the step image (${action.split(":")[1]}), repository policy included`,
            doc: D.ecsExecution,
            principal: execution,
            action,
            resource: repository,
        })),
        ...["preprocessing", "training", "validation", "publish"].flatMap((step): MustAllow[] => [
            { does: `creates the ${step} log stream`, doc: D.ecsExecution, principal: execution, action: "logs:CreateLogStream", resource: logStream(`/sefaz-ml/${env}/retrain/ecs/${step}`, `${step}/${step}/0123abcd`) },
            { does: `writes ${step} logs`, doc: D.ecsExecution, principal: execution, action: "logs:PutLogEvents", resource: logStream(`/sefaz-ml/${env}/retrain/ecs/${step}`, `${step}/${step}/0123abcd`) },
        ]),
        { does: "injects a training parameter", doc: D.ecsParameters, principal: execution, action: "ssm:GetParameters", resource: arn("ssm", `parameter/sefaz-ml/${env}/training/retrain/batch_size`) },
        key(execution, "decrypts a SecureString parameter", D.ecsParameters, "kms:Decrypt", via("ssm")),
        { does: "injects the database credentials", doc: D.ecsSecrets, principal: execution, action: "secretsmanager:GetSecretValue", resource: f.secretArn },
        key(execution, "decrypts the credentials secret", D.ecsSecrets, "kms:Decrypt", via("secretsmanager")),
    ];

    // --- Each step's task role: its prefixes, SSE-KMS uploads, metrics.
    const steps: Record<string, { read: [string, string]; write: [string, string] }> = {
        preprocessing: { read: [data, "raw/2026/11/batch.csv"], write: [data, "runs/retrain/exec-1/train.parquet"] },
        training: { read: [data, "runs/retrain/exec-1/train.parquet"], write: [artifacts, "runs/retrain/exec-1/model.tar.gz"] },
        validation: { read: [artifacts, "runs/retrain/exec-1/model.tar.gz"], write: [artifacts, "runs/retrain/exec-1/metrics.json"] },
        publish: { read: [artifacts, "runs/retrain/exec-1/model.tar.gz"], write: [artifacts, "models/retrain/exec-1/model.tar.gz"] },
    };
    for (const [step, { read, write }] of Object.entries(steps)) {
        const task = role(`task-${step}`);
        tables[`task role ${step}`] = [
            trust(task, "ecs-tasks.amazonaws.com"),
            { does: `lists its input prefix`, doc: D.s3List, principal: task, action: "s3:ListBucket", resource: read[0], context: { "s3:prefix": read[1].replace(/[^/]+$/, "") } },
            { does: "reads its input", doc: D.s3Kms, principal: task, action: "s3:GetObject", resource: `${read[0]}/${read[1]}` },
            key(task, "decrypts its SSE-KMS input", D.s3Kms, "kms:Decrypt", s3Context(read[0])),
            { does: "uploads its output (bucket default encryption)", doc: D.s3Kms, principal: task, action: "s3:PutObject", resource: `${write[0]}/${write[1]}` },
            {
                does: "uploads its output naming the platform key",
                doc: D.s3Kms,
                principal: task,
                action: "s3:PutObject",
                resource: `${write[0]}/${write[1]}`,
                context: { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": f.keyArn },
            },
            key(task, "generates the data key of its SSE-KMS upload", D.s3Kms, "kms:GenerateDataKey", s3Context(write[0])),
            ...(step === "validation"
                ? [{ does: "publishes ModelAccuracy", doc: D.cwNamespace, principal: task, action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": "SEFAZ/MLModel" } }]
                : []),
        ];
    }

}

/** Step Functions and the scheduler. */
function orchestrationTables(f: StackFacts, tables: Record<string, MustAllow[]>): void {
    const { env, D, arn, role, roleArn, artifacts, via, s3Context, topic, queue, trust, key } = helpers(f);
    const execution = role("execution");
    // --- Step Functions.
    const states = role("states");
    const cluster = { "ecs:cluster": arn("ecs", `cluster/sefaz-ml-retrain-${env}`) };
    tables["Step Functions"] = [
        trust(states, "states.amazonaws.com"),
        ...["preprocessing", "training", "validation", "publish"].map((step) => ({
            does: `runs the ${step} task definition revision on the cluster`,
            doc: D.sfnEcs,
            principal: states,
            action: "ecs:RunTask",
            resource: arn("ecs", `task-definition/sefaz-ml-retrain-${step}-${env}:3`),
            context: cluster,
        })),
        { does: "tags the task it runs (propagated tags)", doc: D.sfnEcs, principal: states, action: "ecs:TagResource", resource: arn("ecs", `task/sefaz-ml-retrain-${env}/0123abcd`), context: { "ecs:CreateAction": "RunTask" } },
        { does: "follows the task (.sync)", doc: D.sfnEcs, principal: states, action: "ecs:DescribeTasks", resource: arn("ecs", `task/sefaz-ml-retrain-${env}/0123abcd`) },
        { does: "stops the task on timeout", doc: D.sfnEcs, principal: states, action: "ecs:StopTask", resource: arn("ecs", `task/sefaz-ml-retrain-${env}/0123abcd`) },
        ...["events:PutTargets", "events:PutRule", "events:DescribeRule"].map((action) => ({
            does: `manages the .sync rule (${action.split(":")[1]})`,
            doc: D.sfnEcs,
            principal: states,
            action,
            resource: arn("events", "rule/StepFunctionsGetEventsForECSTaskRule"),
        })),
        ...[execution, ...["preprocessing", "training", "validation", "publish"].map((s) => role(`task-${s}`))].map((name) => ({
            does: `passes ${name} to ECS`,
            doc: D.sfnEcs,
            principal: states,
            action: "iam:PassRole",
            resource: roleArn(name),
            context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
        })),
        { does: "notifies the alerts topic", doc: D.sfnSns, principal: states, action: "sns:Publish", resource: topic },
        key(states, "encrypts the notification (topic SSE)", D.snsPublisherKms, "kms:GenerateDataKey", via("sns")),
        key(states, "decrypts the topic data key", D.snsPublisherKms, "kms:Decrypt", via("sns")),
        { does: "reads the run's validation metrics", doc: D.sfnSdk, principal: states, action: "s3:GetObject", resource: `${artifacts}/runs/retrain/exec-1/metrics.json` },
        key(states, "decrypts the metrics object", D.s3Kms, "kms:Decrypt", s3Context(artifacts)),
        ...["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"].map(
            (action) => ({ does: `delivers its logs (${action.split(":")[1]})`, doc: D.sfnLogs, principal: states, action, resource: "*" }),
        ),
        ...["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"].map((action) => ({
            does: `traces (${action.split(":")[1]})`,
            doc: D.sfnXray,
            principal: states,
            action,
            resource: "*",
        })),
    ];

    // --- Scheduler.
    const scheduler = role("scheduler");
    tables["Scheduler"] = [
        trust(scheduler, "scheduler.amazonaws.com"),
        { does: "starts the state machine", doc: D.schedulerRole, principal: scheduler, action: "states:StartExecution", resource: arn("states", `stateMachine:sefaz-ml-retrain-${env}`) },
        { does: "dead-letters an undeliverable run (queue policy included)", doc: D.schedulerDlq, principal: scheduler, action: "sqs:SendMessage", resource: queue },
        key(scheduler, "encrypts the dead letter (queue SSE)", D.sqsProducerKms, "kms:GenerateDataKey", via("sqs")),
        key(scheduler, "decrypts the queue data key", D.sqsProducerKms, "kms:Decrypt", via("sqs")),
    ];

}

/** Alert paths, CloudWatch Logs encrypting log groups, VPC flow logs. */
function deliveryTables(f: StackFacts, tables: Record<string, MustAllow[]>): void {
    const { env, A, R, D, arn, topic, queue, rule, logStream, trust, key } = helpers(f);
    // --- Alert paths: alarm -> topic, rule -> topic, rule -> DLQ (scheduler -> DLQ is above).
    const events = "events.amazonaws.com";
    const cloudwatch = "cloudwatch.amazonaws.com";
    tables["alerts"] = [
        { does: "an alarm publishes to the alerts topic", doc: D.cwAlarmSns, principal: cloudwatch, action: "sns:Publish", resource: topic, context: { "aws:SourceAccount": A, "aws:SourceArn": arn("cloudwatch", `alarm:sefaz-ml-retrain-executions-failed-${env}`) } },
        key(cloudwatch, "an alarm's notification is encrypted for the topic", D.snsServiceKms, "kms:GenerateDataKey", { "aws:SourceAccount": A }),
        key(cloudwatch, "an alarm's notification: data key decrypted", D.snsServiceKms, "kms:Decrypt", { "aws:SourceAccount": A }),
        ...["execution-failed", "build-failed"].map((name) => ({
            does: `the ${name} rule publishes to the alerts topic`,
            doc: D.ebSns,
            principal: events,
            action: "sns:Publish",
            resource: topic,
            context: { "aws:SourceAccount": A, "aws:SourceArn": rule(name) },
        })),
        // The KMS request of an EventBridge delivery to an encrypted topic or queue carries no aws:SourceAccount or aws:SourceArn.
        key(events, "a rule's alert is encrypted for the topic (no aws:Source* keys)", D.snsServiceKms, "kms:GenerateDataKey", {}),
        key(events, "a rule's alert: data key decrypted (no aws:Source* keys)", D.snsServiceKms, "kms:Decrypt", {}),
        ...["on-push", "execution-failed", "build-failed"].map((name) => ({
            does: `the ${name} rule dead-letters an undeliverable event`,
            doc: D.ebDlq,
            principal: events,
            action: "sqs:SendMessage",
            resource: queue,
            context: { "aws:SourceArn": rule(name), "aws:SourceAccount": A },
        })),
        key(events, "a rule's dead letter is encrypted for the queue (no aws:Source* keys)", D.ebDlq, "kms:GenerateDataKey", {}),
    ];

    // --- CloudWatch Logs encrypting the platform's log groups.
    const logs = `logs.${R}.amazonaws.com`;
    tables["CloudWatch Logs"] = [`/sefaz-ml/${env}/retrain/codebuild`, `/aws/vendedlogs/states/sefaz-ml-retrain-${env}`].flatMap((group) =>
        ["kms:GenerateDataKey", "kms:Decrypt"].map((action) =>
            key(logs, `encrypts ${group} (${action.split(":")[1]})`, D.logsKms, action, { "kms:EncryptionContext:aws:logs:arn": arn("logs", `log-group:${group}`) }),
        ),
    );

    // --- VPC flow logs (a new VPC records all its traffic).
    const flowLogs = `sefaz-ml-flow-logs-role-${env}`;
    const flowGroup = `/sefaz-ml/${env}/network/vpc-flow-logs`;
    tables["VPC flow logs"] = [
        trust(flowLogs, "vpc-flow-logs.amazonaws.com"),
        { does: "creates a stream per interface", doc: D.flowLogsRole, principal: flowLogs, action: "logs:CreateLogStream", resource: logStream(flowGroup, "eni-0123456789abcdef0-all") },
        { does: "writes flow records", doc: D.flowLogsRole, principal: flowLogs, action: "logs:PutLogEvents", resource: logStream(flowGroup, "eni-0123456789abcdef0-all") },
        { does: "finds its streams", doc: D.flowLogsRole, principal: flowLogs, action: "logs:DescribeLogStreams", resource: arn("logs", `log-group:${flowGroup}`) },
        // DescribeLogGroups has no resource-level permissions: IAM evaluates it on "*".
        { does: "finds its log group", doc: D.flowLogsRole, principal: flowLogs, action: "logs:DescribeLogGroups", resource: "*" },
        key(logs, "CloudWatch Logs encrypts the flow log group", D.logsKms, "kms:GenerateDataKey", { "kms:EncryptionContext:aws:logs:arn": arn("logs", `log-group:${flowGroup}`) }),
    ];

}

/** Personas: Studio spaces and apps, compliant jobs in the VPC, data reads and artifact writes. */
function personaTables(f: StackFacts, tables: Record<string, MustAllow[]>): void {
    const { env, D, arn, roleArn, data, artifacts, via, s3Context, repository, logStream, trust, key } = helpers(f);
    // --- Personas: Studio, compliant jobs in the VPC, data reads and artifact writes.
    for (const [persona, { user }] of Object.entries(f.personas)) {
        const p = `sefaz-ml-sm-${persona}-role-${env}`;
        const profile = arn("sagemaker", `user-profile/${f.domainId}/${user}`);
        const job = arn("sagemaker", `training-job/${user}-churn-1`);
        const processing = arn("sagemaker", `processing-job/${user}-prep-1`);
        const compliant = {
            "sagemaker:InstanceTypes": [f.instanceType],
            "sagemaker:VpcSubnets": f.subnetIds,
            "sagemaker:VpcSecurityGroupIds": [f.jobSecurityGroupId],
            "sagemaker:VolumeKmsKeyArn": f.keyArn,
            "sagemaker:OutputKmsKeyArn": f.keyArn,
            "aws:RequestTag/studiouserid": user,
            "aws:TagKeys": ["studiouserid"],
        };
        const writes = persona === "data-scientist" ? [artifacts, `experiments/${user}/model.tar.gz`] : [artifacts, `runs/${user}/model.tar.gz`];
        const eni = arn("ec2", "network-interface/eni-0123456789abcdef0");
        const studio = { "sagemaker:DomainId": f.domainId, "sagemaker:UserProfileName": user };
        tables[`persona ${persona}`] = [
            trust(p, "sagemaker.amazonaws.com"),
            {
                does: "creates her own private space", policyVariables: studio,
                doc: D.smSpaces,
                principal: p,
                action: "sagemaker:CreateSpace",
                resource: arn("sagemaker", `space/${f.domainId}/${user}-space`),
                context: { "sagemaker:OwnerUserProfileArn": profile, "sagemaker:SpaceSharingType": "Private" },
            },
            {
                does: "starts JupyterLab in her private space", policyVariables: studio,
                doc: D.smSpaces,
                principal: p,
                action: "sagemaker:CreateApp",
                resource: arn("sagemaker", `app/${f.domainId}/${user}-space/jupyterlab/default`),
                context: { "sagemaker:OwnerUserProfileArn": profile, "sagemaker:SpaceSharingType": "Private", "sagemaker:InstanceTypes": ["ml.t3.medium"] },
            },
            ...(f.sharedSpace
                ? [
                      {
                          does: "starts JupyterLab in the shared space", policyVariables: studio,
                          doc: D.smSpaces,
                          principal: p,
                          action: "sagemaker:CreateApp",
                          resource: arn("sagemaker", `app/${f.domainId}/${f.sharedSpace}/jupyterlab/default`),
                          context: { "sagemaker:SpaceSharingType": "Shared", "sagemaker:InstanceTypes": ["ml.t3.medium"] },
                      },
                  ]
                : []),
            {
                does: "stops her JupyterLab app",
                doc: D.smSpaces,
                principal: p,
                action: "sagemaker:DeleteApp",
                resource: arn("sagemaker", `app/${f.domainId}/${user}-space/jupyterlab/default`),
                context: { "sagemaker:OwnerUserProfileArn": profile, "sagemaker:SpaceSharingType": "Private" },
                policyVariables: studio,
            },
            { does: "describes her space", policyVariables: studio, doc: D.smSpaces, principal: p, action: "sagemaker:DescribeSpace", resource: arn("sagemaker", `space/${f.domainId}/${user}-space`) },
            { does: "lists spaces in Studio", doc: D.smSpaces, principal: p, action: "sagemaker:ListSpaces", resource: "*" },
            { does: "starts a compliant training job in the VPC", doc: D.smTraining, principal: p, action: "sagemaker:CreateTrainingJob", resource: job, context: compliant },
            { does: "tags the training job at creation", doc: D.smTagOnCreate, principal: p, action: "sagemaker:AddTags", resource: job, context: { "aws:RequestTag/studiouserid": user, "aws:TagKeys": ["studiouserid"] } },
            { does: "starts a compliant processing job in the VPC", doc: D.smProcessing, principal: p, action: "sagemaker:CreateProcessingJob", resource: processing, context: compliant },
            { does: "passes its own role to the job", doc: D.smPassRole, principal: p, action: "iam:PassRole", resource: roleArn(p), context: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
            // What the job does as the execution role: ENIs in the VPC.
            { does: "job creates its ENI (network interface)", doc: D.smTraining, principal: p, action: "ec2:CreateNetworkInterface", resource: eni },
            { does: "job creates its ENI in a platform subnet", doc: D.smTraining, principal: p, action: "ec2:CreateNetworkInterface", resource: arn("ec2", `subnet/${f.subnetIds[0]}`) },
            { does: "job creates its ENI with the workload group", doc: D.smTraining, principal: p, action: "ec2:CreateNetworkInterface", resource: arn("ec2", `security-group/${f.jobSecurityGroupId}`) },
            { does: "job lets SageMaker attach the ENI", doc: D.smTraining, principal: p, action: "ec2:CreateNetworkInterfacePermission", resource: eni },
            { does: "job deletes its ENI", doc: D.smTraining, principal: p, action: "ec2:DeleteNetworkInterface", resource: eni },
            { does: "job removes the ENI permission", doc: D.smTraining, principal: p, action: "ec2:DeleteNetworkInterfacePermission", resource: eni },
            ...["ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs", "ec2:DescribeDhcpOptions", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"].map((action) => ({
                does: `job reads the VPC (${action.split(":")[1]})`,
                doc: D.smTraining,
                principal: p,
                action,
                resource: "*",
            })),
            key(p, "job grants its volume key to the instance", D.smTraining, "kms:CreateGrant", { ...via("sagemaker"), "kms:GrantIsForAWSResource": "true" }),
            key(p, "job encrypts its output with the output key", D.smOutputKms, "kms:Encrypt", via("s3")),
            { does: "job lists the training data", doc: D.s3List, principal: p, action: "s3:ListBucket", resource: data, context: { "s3:prefix": "raw/" } },
            { does: "job reads training data", doc: D.smTraining, principal: p, action: "s3:GetObject", resource: `${data}/raw/2026/11/batch.csv` },
            key(p, "job decrypts SSE-KMS training data", D.smTraining, "kms:Decrypt", s3Context(data)),
            { does: "job writes artifacts to her prefix", doc: D.smTraining, principal: p, action: "s3:PutObject", resource: `${writes[0]}/${writes[1]}`, context: { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": f.keyArn } },
            key(p, "job generates the data key of the artifact upload", D.s3Kms, "kms:GenerateDataKey", s3Context(artifacts)),
            { does: "job creates its log stream", doc: D.smTraining, principal: p, action: "logs:CreateLogStream", resource: logStream("/aws/sagemaker/TrainingJobs", `${user}-churn-1/algo-1`) },
            { does: "job writes logs", doc: D.smTraining, principal: p, action: "logs:PutLogEvents", resource: logStream("/aws/sagemaker/TrainingJobs", `${user}-churn-1/algo-1`) },
            { does: "job publishes its metrics", doc: D.smTraining, principal: p, action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": "/aws/sagemaker/TrainingJobs" } },
            { does: "job pulls a platform image", doc: D.smTraining, principal: p, action: "ecr:BatchGetImage", resource: repository },
        ];
    }

}

/** The Studio launch policy, the MLOps projects' roles and, in prod, Backup. */
function accessTables(f: StackFacts, tables: Record<string, MustAllow[]>): void {
    const { env, D, arn, roleArn, artifacts, via, s3Context, logStream, trust, key } = helpers(f);
    // --- The Studio launch policy, attached to the people's role.
    const launch = `sefaz-ml-studio-launch-${env}`;
    const [firstPersona] = Object.values(f.personas);
    tables["launch policy"] = [
        {
            does: "a user opens her own profile from the office range",
            doc: D.smLaunch,
            principal: launch,
            action: "sagemaker:CreatePresignedDomainUrl",
            resource: arn("sagemaker", `user-profile/${f.domainId}/${firstPersona.user}`),
            context: { "aws:PrincipalTag/studiouserid": firstPersona.user, "sagemaker:ResourceTag/studiouserid": firstPersona.user, "aws:SourceIp": "203.0.113.10" },
        },
        {
            does: "a user describes her own profile",
            doc: D.smLaunch,
            principal: launch,
            action: "sagemaker:DescribeUserProfile",
            resource: arn("sagemaker", `user-profile/${f.domainId}/${firstPersona.user}`),
            context: { "aws:PrincipalTag/studiouserid": firstPersona.user, "sagemaker:ResourceTag/studiouserid": firstPersona.user },
        },
        {
            does: "a user opens her own profile through the Studio VPC endpoint (no public source IP)",
            doc: D.smLaunch,
            principal: launch,
            action: "sagemaker:CreatePresignedDomainUrl",
            resource: arn("sagemaker", `user-profile/${f.domainId}/${firstPersona.user}`),
            context: { "aws:PrincipalTag/studiouserid": firstPersona.user, "sagemaker:ResourceTag/studiouserid": firstPersona.user, "aws:SourceVpce": f.studioEndpointId },
        },
        { does: "a user lists the domains", doc: D.smLaunch, principal: launch, action: "sagemaker:ListDomains", resource: "*" },
    ];

    // --- The MLOps project's workloads (seed 001's CI/CD: one role each instead of the seed's single role).
    const project = (k: string) => `sefaz-ml-churn-${k}-role-${env}`;
    const folder = (which: string) => `${artifacts}/churn_${which}_sefaz-ml`.slice(0, artifacts.length + 21);
    const cp = project("pipeline");
    tables["MLOps CodePipeline"] = [
        trust(cp, "codepipeline.amazonaws.com"),
        { does: "reads the build repository's branch", doc: D.cpRole, principal: cp, action: "codecommit:UploadArchive", resource: arn("codecommit", "model-build-pipeline") },
        { does: "checks the deploy repository", doc: D.cpRole, principal: cp, action: "codecommit:GetRepository", resource: arn("codecommit", "model-deploy-pipeline") },
        key(cp, "decrypts the KMS-encrypted repository", D.codecommitKms, "kms:Decrypt", via("codecommit")),
        { does: "stores the source artifact", doc: D.cpRole, principal: cp, action: "s3:PutObject", resource: `${folder("build")}/source/abc.zip` },
        { does: "reads the deploy artifact", doc: D.cpRole, principal: cp, action: "s3:GetObject", resource: `${folder("deploy")}/source/abc.zip` },
        key(cp, "encrypts artifacts with the platform key", D.s3Kms, "kms:GenerateDataKey", s3Context(artifacts)),
        { does: "starts the deploy build", doc: D.cpRole, principal: cp, action: "codebuild:StartBuild", resource: arn("codebuild", `project/sefaz-ml-churn-deploy-${env}`) },
        { does: "asks the reviewers for the prod approval", doc: D.cpRole, principal: cp, action: "sns:Publish", resource: arn("sns", `sefaz-ml-churn-approvals-${env}`) },
        key(cp, "publishes to the encrypted approvals topic", D.snsPublisherKms, "kms:GenerateDataKey", via("sns")),
    ];
    const mb = project("model-build");
    tables["MLOps model build"] = [
        trust(mb, "codebuild.amazonaws.com"),
        { does: "writes build logs", doc: D.codebuildRole, principal: mb, action: "logs:PutLogEvents", resource: logStream(`/sefaz-ml/${env}/mlops/churn/model-build`, "build-1") },
        { does: "reads the source artifact", doc: D.codebuildRole, principal: mb, action: "s3:GetObject", resource: `${folder("build")}/source/abc.zip` },
        key(mb, "decrypts the source artifact", D.s3Kms, "kms:Decrypt", s3Context(artifacts)),
        { does: "upserts the SageMaker pipeline", doc: D.smPipelines, principal: mb, action: "sagemaker:UpdatePipeline", resource: arn("sagemaker", `pipeline/sefaz-ml-churn-${env}`) },
        { does: "starts a pipeline execution", doc: D.smPipelines, principal: mb, action: "sagemaker:StartPipelineExecution", resource: arn("sagemaker", `pipeline/sefaz-ml-churn-${env}`) },
        { does: "passes the SageMaker pipeline role", doc: D.smPassRole, principal: mb, action: "iam:PassRole", resource: roleArn(project("sm-pipeline")), context: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
    ];
    const smp = project("sm-pipeline");
    tables["MLOps SageMaker pipeline"] = [
        trust(smp, "sagemaker.amazonaws.com"),
        { does: "registers a model version pending review", doc: D.smModelRegistry, principal: smp, action: "sagemaker:CreateModelPackage", resource: arn("sagemaker", `model-package/sefaz-ml-churn-${env}/1`), context: { "sagemaker:ModelApprovalStatus": "PendingManualApproval" } },
        { does: "starts a training job", doc: D.smTraining, principal: smp, action: "sagemaker:CreateTrainingJob", resource: arn("sagemaker", "training-job/pipelines-abc123-train") },
        { does: "writes model artifacts", doc: D.smTraining, principal: smp, action: "s3:PutObject", resource: `${artifacts}/mlops/churn/model.tar.gz` },
        key(smp, "encrypts model artifacts", D.s3Kms, "kms:GenerateDataKey", s3Context(artifacts)),
    ];
    const dp = project("deploy");
    tables["MLOps deploy"] = [
        trust(dp, "codebuild.amazonaws.com"),
        { does: "finds the newest Approved package", doc: D.smModelRegistry, principal: dp, action: "sagemaker:ListModelPackages", resource: arn("sagemaker", "model-package/*") },
        { does: "updates its prod endpoint", doc: D.smEndpoints, principal: dp, action: "sagemaker:UpdateEndpoint", resource: arn("sagemaker", `endpoint/sefaz-ml-churn-prod-${env}`) },
        { does: "passes the model role", doc: D.smPassRole, principal: dp, action: "iam:PassRole", resource: roleArn(project("model")), context: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
        { does: "writes the endpoint stack's state", doc: D.pulumiS3, principal: dp, action: "s3:PutObject", resource: `${artifacts}/pulumi-state/churn/.pulumi/stacks/mlplatform-model-endpoint/churn-prod.json` },
        key(dp, "encrypts the state object", D.s3Kms, "kms:GenerateDataKey", s3Context(artifacts)),
        // AWS sets aws:PrincipalArn on every request; the simulator needs it spelled out.
        key(dp, "encrypts the endpoint stack's secrets (awskms:// secrets provider, no service in between)", D.pulumiKms, "kms:Encrypt", { "aws:PrincipalArn": roleArn(dp) }),
        key(dp, "decrypts the endpoint stack's secrets", D.pulumiKms, "kms:Decrypt", { "aws:PrincipalArn": roleArn(dp) }),
        key(dp, "creates an endpoint configuration with the platform key (grant for the volumes)", D.smEndpointKms, "kms:CreateGrant", { ...via("sagemaker"), "kms:GrantIsForAWSResource": "true" }),
    ];
    tables["MLOps model"] = [
        trust(project("model"), "sagemaker.amazonaws.com"),
        { does: "reads the model artifacts", doc: D.smEndpoints, principal: project("model"), action: "s3:GetObject", resource: `${artifacts}/mlops/churn/model.tar.gz` },
        key(project("model"), "decrypts the model artifacts", D.s3Kms, "kms:Decrypt", s3Context(artifacts)),
    ];
    tables["MLOps EventBridge"] = [
        trust(project("events"), "events.amazonaws.com"),
        { does: "starts the deploy pipeline on an approval", doc: D.ebCodePipeline, principal: project("events"), action: "codepipeline:StartPipelineExecution", resource: arn("codepipeline", `churn_deploy_sefaz-ml-${env}`) },
    ];

    if (f.backup) {
        // The role's permissions are AWS's managed policy; its KMS statement is quoted here (AWSBackupServiceRolePolicyForBackup).
        const managedKmsStatement = {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "kms:CreateGrant", Resource: "*", Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } }],
        };
        tables["Backup"] = [
            trust(`sefaz-ml-studio-backup-role-${env}`, "backup.amazonaws.com"),
            {
                ...key(`sefaz-ml-studio-backup-role-${env}`, "grants the key to the EFS backup", D.backupKms, "kms:CreateGrant", { ...via("backup"), "kms:GrantIsForAWSResource": "true" }),
                identityPolicies: [managedKmsStatement],
            },
        ];
    }
}

/** The tables, keyed by workload. */
export function mustAllowTables(f: StackFacts): Record<string, MustAllow[]> {
    const tables: Record<string, MustAllow[]> = {};
    buildAndTaskTables(f, tables);
    orchestrationTables(f, tables);
    deliveryTables(f, tables);
    personaTables(f, tables);
    accessTables(f, tables);
    return tables;
}
