import { PolicyMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";

export const metadata: PolicyMetadata = {
    service: "lambda",
    severity: "high",
    remediationSteps: [
        'Set authorizationType: "AWS_IAM" on the aws.lambda.FunctionUrl and sign requests with SigV4 (or front the function with API Gateway and an authorizer).',
        'Remove aws.lambda.Permission resources that grant lambda:InvokeFunctionUrl with functionUrlAuthType "NONE".',
    ],
    url: "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
    frameworks: { fsbp: ["Lambda.1"], nist: ["AC-3", "AC-21"] },
    comparable: { checkov: ["CKV_AWS_258"] },
};

const FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl";
const PERMISSION = "aws:lambda/permission:Permission";

/**
 * Lambda function URLs authenticate callers with IAM: a URL with authorization type NONE, or a permission
 * that lets anyone invoke a URL without authentication, is a public endpoint to the function.
 */
export const lambdaFunctionUrlAuthenticated = resourceCheck({
    name: "lambda-function-url-authenticated",
    description: "Lambda function URLs require IAM authentication (authorizationType AWS_IAM), and no permission opens one to unauthenticated callers.",
    severity: metadata.severity,
    types: [FUNCTION_URL, PERMISSION],
    metadata,
    check: (props, report, args) => {
        if (args.type === FUNCTION_URL) {
            if (props.authorizationType !== "AWS_IAM") report(`has authorizationType ${props.authorizationType ?? "(none)"}, so anyone on the internet can invoke the function`, 'set authorizationType: "AWS_IAM" and sign requests with SigV4');
            return;
        }
        const url = props.action === "lambda:InvokeFunctionUrl" || props.invokedViaFunctionUrl === true;
        if (url && props.functionUrlAuthType === "NONE") {
            report("lets unauthenticated callers invoke the function URL (functionUrlAuthType NONE)", 'grant lambda:InvokeFunctionUrl with functionUrlAuthType "AWS_IAM" to named principals only');
        }
    },
});
