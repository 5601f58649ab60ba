import { strict as assert } from "assert";
import { codebuildProject, findings, previewKey, reported } from "../../../test/support/policySpec";

describe("codebuild-no-privileged-mode", () => {
    it("reports privileged projects unless exempted with a reason", async () => {
        const build = () => {
            codebuildProject("image-build", { privileged: true, tags: { "mlplatform:exempt:codebuild-no-privileged-mode": "Builds the training image with docker build" } });
            codebuildProject("lazy-exemption", { privileged: true, tags: { "mlplatform:exempt:codebuild-no-privileged-mode": "needed" } });
            codebuildProject("seed", { privileged: true });
            codebuildProject("unprivileged");
        };
        const found = await findings("codebuild-no-privileged-mode", build);
        assert.deepEqual(found.map((f) => f.split(":")[0]), ["lazy-exemption", "seed"]);
        assert.match(found[1], /runs in privileged mode\. Fix: .*mlplatform:exempt:codebuild-no-privileged-mode/);
        // Every exemption in use is listed; one without a real reason is a violation of its own.
        assert.deepEqual(await findings("exemptions-in-use", build), [
            'image-build: Project "image-build" is exempt from codebuild-no-privileged-mode: Builds the training image with docker build',
        ]);
        const unjustified = await findings("exemptions-are-justified", build);
        assert.equal(unjustified.length, 1);
        assert.match(unjustified[0], /^lazy-exemption: Project "lazy-exemption" is exempted from codebuild-no-privileged-mode without a reason \("needed"\), so the exemption is not honoured/);
    });

    it("judges the same in preview, where the key is unknown", async () => {
        assert.deepEqual(await reported("codebuild-no-privileged-mode", () => codebuildProject("seed", { privileged: true, encryptionKey: previewKey() }), {}, true), ["seed"]);
    });
});
