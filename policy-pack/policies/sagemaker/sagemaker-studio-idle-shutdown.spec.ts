import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { inPreview, KEY, findings, reported, ROLE } from "../../../test/support/policySpec";

const POLICY = "sagemaker-studio-idle-shutdown";
const idle = (minutes: number, state = "ENABLED") => ({ appLifecycleManagement: { idleSettings: { lifecycleManagement: state, idleTimeoutInMinutes: minutes, maxIdleTimeoutInMinutes: minutes } } });

function domain(name: string, userSettings: Record<string, unknown>, extra: Partial<aws.sagemaker.DomainArgs> = {}) {
    return new aws.sagemaker.Domain(name, {
        domainName: name,
        authMode: "IAM",
        vpcId: "vpc-1",
        subnetIds: ["subnet-1"],
        appNetworkAccessType: "VpcOnly",
        kmsKeyId: KEY,
        defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-1"], ...userSettings },
        ...extra,
    });
}

describe(POLICY, () => {
    it("accepts a domain that shuts down idle JupyterLab and Code Editor apps within the maximum, and profiles that inherit it", async () => {
        const found = await reported(POLICY, () => {
            const d = domain("good", { jupyterLabAppSettings: idle(120), codeEditorAppSettings: idle(60) });
            new aws.sagemaker.UserProfile("inherits", { domainId: d.id, userProfileName: "u", userSettings: { executionRole: ROLE } });
            domain("no-code-editor", { jupyterLabAppSettings: idle(120), studioWebPortalSettings: { hiddenAppTypes: ["CodeEditor"] } });
        });
        assert.deepEqual(found, []);
    });

    it("reports a domain without idle shutdown, one above the maximum, and profiles or spaces that turn it off", async () => {
        const found = await findings(POLICY, () => {
            const d = domain("none", {});
            domain("long", { jupyterLabAppSettings: idle(600), codeEditorAppSettings: idle(60) });
            new aws.sagemaker.UserProfile("off", { domainId: d.id, userProfileName: "u", userSettings: { executionRole: ROLE, jupyterLabAppSettings: idle(60, "DISABLED") } });
            new aws.sagemaker.Space("long-space", { domainId: d.id, spaceName: "s", spaceSettings: { appType: "JupyterLab", jupyterLabAppSettings: { defaultResourceSpec: { instanceType: "ml.t3.medium" }, appLifecycleManagement: { idleSettings: { idleTimeoutInMinutes: 1440 } } } } });
        });
        assert.equal(found.length, 5, found.join("\n"));
        assert.match(found.join("\n"), /none: Domain "none" does not shut down idle apps of defaultUserSettings\.jupyterLabAppSettings\. Fix: set defaultUserSettings\.jupyterLabAppSettings\.appLifecycleManagement\.idleSettings/);
        assert.match(found.join("\n"), /none: Domain "none" does not shut down idle apps of defaultUserSettings\.codeEditorAppSettings/);
        assert.match(found.join("\n"), /long: Domain "long" lets apps of defaultUserSettings\.jupyterLabAppSettings idle for 600 minutes, more than 240/);
        assert.match(found.join("\n"), /off: UserProfile "off" turns idle shutdown off in userSettings\.jupyterLabAppSettings/);
        assert.match(found.join("\n"), /long-space: Space "long-space" lets apps of spaceSettings\.jupyterLabAppSettings idle for 1440 minutes/);
    });

    it("takes the maximum from the pack config", async () => {
        const build = () => void domain("long", { jupyterLabAppSettings: idle(600), codeEditorAppSettings: idle(60) });
        assert.deepEqual(await reported(POLICY, build, { [POLICY]: { maximumIdleMinutes: 720 } }), []);
    });

    it("skips, and says so, a domain whose settings are unknown in preview", async () => {
        const { violations, skips } = await inPreview(POLICY, () => {
            const role = new aws.iam.Role("exec", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
            domain("later", { executionRole: role.arn, jupyterLabAppSettings: { appLifecycleManagement: { idleSettings: { lifecycleManagement: "ENABLED", idleTimeoutInMinutes: role.maxSessionDuration.apply((s) => (s ?? 3600) / 60) } } } });
        });
        assert.deepEqual(violations, []);
        assert.equal(skips.length, 1, skips.join("\n"));
        assert.match(skips[0], /skipped for Domain "later"/);
    });
});
