import { ConditionTest, restrictsWho, statementsOrFinding } from "../../lib/documents";
import { PolicyMetadata, withMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

const metadata: PolicyMetadata = {
    service: "iam",
    severity: "medium",
    remediationSteps: [
        "Add Condition { StringEquals: { \"aws:SourceAccount\": \"<this account>\" } } (or ArnLike aws:SourceArn naming this account's resources) to the statement that trusts the service.",
    ],
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention",
    frameworks: {
        nist: ["AC-3", "AC-6"],
    },
    source: "issue 12 (every trust policy with aws:SourceAccount)",
};

/**
 * Service principals whose role assumption carries aws:SourceAccount / aws:SourceArn, as their guides'
 * "confused deputy prevention" sections document. Lambda, EC2, API Gateway, Glue and others do not send
 * them when assuming a role, so the condition would break the role: they are left out (a false positive
 * would ask for a change that breaks the workload).
 */
export const DEFAULT_SOURCE_CONDITIONED_SERVICES = ["sagemaker", "codebuild", "codepipeline", "states", "events", "scheduler", "ecs-tasks"];

/** Condition keys that tie a service's assumption of the role to this account's resources. */
const SOURCE_KEYS = new Set(["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"]);

const isSourceCondition = (test: ConditionTest): boolean => SOURCE_KEYS.has(test.key.toLowerCase()) && restrictsWho(test);

/** `sagemaker` for sagemaker.amazonaws.com, states.eu-west-1.amazonaws.com or sagemaker.amazonaws.com.cn. */
const serviceName = (principal: string): string => principal.split(".")[0].toLowerCase();

export const iamServiceTrustSourceConditioned = withMetadata(resourceCheck({
    name: "iam-service-trust-source-conditioned",
    description: "Roles trusted by AWS services that send aws:SourceAccount (SageMaker, CodeBuild, CodePipeline, Step Functions, EventBridge, ECS tasks) condition the trust on this account's resources (confused deputy).",
    types: ["aws:iam/role:Role"],
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            services: { type: "array", items: { type: "string" }, default: DEFAULT_SOURCE_CONDITIONED_SERVICES, description: "Service principal names (the part before .amazonaws.com) whose trust must carry aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths." },
        },
    },
    check: (props, report, args) => {
        const services = new Set((args.getConfig<{ services?: string[] }>().services ?? DEFAULT_SOURCE_CONDITIONED_SERVICES).map((s) => s.toLowerCase()));
        // Unparseable trust policies are iam-role-trust-scoped's finding, not this policy's.
        const parsed = statementsOrFinding(props.assumeRolePolicy);
        if (!("document" in parsed)) return;
        for (const st of parsed.document.statements) {
            if (st.effect !== "Allow") continue;
            const unguarded = (st.principals.Service ?? []).filter((p) => services.has(serviceName(p)));
            if (unguarded.length && !st.conditions.some(isSourceCondition)) {
                report(`assumeRolePolicy: ${st.label} lets ${unguarded.join(", ")} assume the role on behalf of any account`, "add an aws:SourceAccount (or aws:SourceArn) condition naming this account to that statement");
            }
        }
    },
}), metadata);
