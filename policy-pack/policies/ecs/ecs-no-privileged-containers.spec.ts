import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { findings, previewKey, reported, taskDefinition } from "../../../test/support/policySpec";

describe("ecs-no-privileged-containers", () => {
    it("reports a privileged container and passes an unprivileged one", async () => {
        const build = () => {
            taskDefinition("ok", {});
            taskDefinition("privileged", { privileged: true });
        };
        assert.deepEqual(await findings("ecs-no-privileged-containers", build), ['privileged: TaskDefinition "privileged" container "app" runs privileged. Fix: remove privileged: true from its container definition.']);
    });

    it("reports nothing in preview while the definitions are unknown", async () => {
        const build = () => new aws.ecs.TaskDefinition("app", { family: "app", containerDefinitions: pulumi.jsonStringify([{ name: "app", image: previewKey(), privileged: false }]) });
        assert.deepEqual(await reported("ecs-no-privileged-containers", build, {}, true), []);
    });
});
