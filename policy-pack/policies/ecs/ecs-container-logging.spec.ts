import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { findings, previewKey, reported, taskDefinition } from "../../../test/support/policySpec";

describe("ecs-container-logging", () => {
    it("reports a container without a log driver and passes one with it", async () => {
        const build = () => {
            taskDefinition("ok", {});
            taskDefinition("silent", { logConfiguration: undefined });
        };
        const logging = await findings("ecs-container-logging", build);
        assert.equal(logging.length, 1);
        assert.match(logging[0], /^silent: TaskDefinition "silent" container "app" has no log configuration/);
    });

    it("reports nothing in preview while the definitions are unknown", async () => {
        const build = () => new aws.ecs.TaskDefinition("app", { family: "app", containerDefinitions: pulumi.jsonStringify([{ name: "app", image: previewKey() }]) });
        assert.deepEqual(await reported("ecs-container-logging", build, {}, true), []);
    });
});
