import { PolicyMetadata } from "../../lib/metadata";
import { resourceCheck } from "../../lib/resourceCheck";
import { isSet, whenKnown } from "../../lib/values";

export const metadata: PolicyMetadata = {
    service: "lambda",
    severity: "critical",
    remediationSteps: [
        "Name the principal that invokes the function (a service such as events.amazonaws.com, or an account), and",
        "for a service principal, set sourceArn (and sourceAccount) to the resource that invokes it, so no other account's resource can (confused deputy).",
        "For principal \"*\", set principalOrgId, sourceArn or sourceAccount.",
    ],
    url: "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
    frameworks: { fsbp: ["Lambda.1"], nist: ["AC-3", "AC-21"] },
    comparable: { checkov: ["CKV_AWS_364"], trivy: ["AVD-AWS-0067"] },
};

/**
 * Lambda permissions (the function's resource policy) grant invocation to named principals: a permission
 * for principal "*" with no sourceArn, sourceAccount or principalOrgId lets any AWS account invoke it.
 * Function URL permissions are judged by lambda-function-url-authenticated.
 */
export const lambdaPermissionNotPublic = resourceCheck({
    name: "lambda-permission-not-public",
    description: "Lambda permissions grant invocation to named principals, or to \"*\" only with a sourceArn, sourceAccount or principalOrgId condition.",
    severity: metadata.severity,
    types: ["aws:lambda/permission:Permission"],
    metadata,
    check: (props, report) => {
        if (props.action === "lambda:InvokeFunctionUrl" && props.functionUrlAuthType === "NONE") return;
        const anyone = props.principal === "*" || props.principal === "AWS:*";
        // A condition unknown in preview is another resource's ARN or id: it limits the grant.
        const limited = ["sourceArn", "sourceAccount", "principalOrgId"].some((k) => isSet(() => props[k]) && whenKnown(() => props[k]) !== "*");
        if (anyone && !limited) {
            report(`lets any AWS principal call ${props.action}`, "name the invoking principal, or set sourceArn, sourceAccount or principalOrgId");
        }
    },
});
