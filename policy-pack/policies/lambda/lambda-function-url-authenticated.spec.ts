import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inPreview, findings, reported } from "../../../test/support/policySpec";

const POLICY = "lambda-function-url-authenticated";

describe(POLICY, () => {
    it("accepts IAM-authenticated URLs and URL permissions", async () => {
        const found = await reported(POLICY, () => {
            new aws.lambda.FunctionUrl("iam", { functionName: "f", authorizationType: "AWS_IAM" });
            new aws.lambda.Permission("iam", { function: "f", action: "lambda:InvokeFunctionUrl", principal: "123456789012", functionUrlAuthType: "AWS_IAM" });
        });
        assert.deepEqual(found, []);
    });

    it("reports URLs without authentication and permissions that open one", async () => {
        const found = await findings(POLICY, () => {
            new aws.lambda.FunctionUrl("open", { functionName: "f", authorizationType: "NONE" });
            new aws.lambda.Permission("open", { function: "f", action: "lambda:InvokeFunctionUrl", principal: "*", functionUrlAuthType: "NONE" });
        });
        assert.equal(found.length, 2, found.join("\n"));
        assert.match(found.join("\n"), /open: FunctionUrl "open" has authorizationType NONE, so anyone on the internet can invoke the function\. Fix: set authorizationType: "AWS_IAM"/);
        assert.match(found.join("\n"), /open: Permission "open" lets unauthenticated callers invoke the function URL/);
    });

    it("skips, and says so, an authorization type unknown in preview", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" });
            new aws.lambda.FunctionUrl("later", { functionName: "f", authorizationType: vpc.id.apply(() => "AWS_IAM") });
        });
        assert.deepEqual(violations, []);
        assert.equal(skips.length, 1, skips.join("\n"));
    });
});
