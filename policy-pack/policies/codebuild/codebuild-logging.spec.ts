import { strict as assert } from "assert";
import { codebuildProject, findings, previewKey, reported } from "../../../test/support/policySpec";

describe("codebuild-logging", () => {
    it("reports a project that keeps no build logs", async () => {
        const build = () => {
            codebuildProject("ok");
            codebuildProject("no-logs", { logsConfig: { cloudwatchLogs: { status: "DISABLED" }, s3Logs: { status: "DISABLED" } } });
        };
        assert.deepEqual((await findings("codebuild-logging", build)).map((f) => f.split(":")[0]), ["no-logs"]);
    });

    it("judges the same in preview", async () => {
        const build = () => codebuildProject("no-logs", { encryptionKey: previewKey(), logsConfig: { cloudwatchLogs: { status: "DISABLED" }, s3Logs: { status: "DISABLED" } } });
        assert.deepEqual(await reported("codebuild-logging", build, {}, true), ["no-logs"]);
    });
});
