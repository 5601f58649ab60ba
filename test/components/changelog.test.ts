import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const COMPONENTS = path.join(__dirname, "..", "..", "components");

/** The release headings of a Keep a Changelog file: `## [1.2.3] - 2026-11-24`, and `## [Unreleased]`. */
function releaseHeadings(changelog: string): Array<{ version: string; date?: string }> {
    return [...changelog.matchAll(/^## \[([^\]]+)\](?: - (\S+))?\s*$/gm)].map((m) => ({ version: m[1], date: m[2] }));
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;

function compareVersions(a: string, b: string): number {
    const [x, y] = [a, b].map((v) => v.split("-")[0].split(".").map(Number));
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

describe("components/CHANGELOG.md", () => {
    const changelog = fs.readFileSync(path.join(COMPONENTS, "CHANGELOG.md"), "utf8");
    const pkg = JSON.parse(fs.readFileSync(path.join(COMPONENTS, "package.json"), "utf8"));

    it("opens with [Unreleased], then the package.json version as the top release", () => {
        const [unreleased, top] = releaseHeadings(changelog);
        assert.equal(unreleased?.version, "Unreleased");
        assert.equal(top?.version, pkg.version, `package.json says ${pkg.version}, the CHANGELOG's top release is ${top?.version}`);
        assert.match(pkg.version, SEMVER);
    });

    it("lists releases newest first, each a semantic version with an ISO date", () => {
        const releases = releaseHeadings(changelog).slice(1);
        assert.ok(releases.length >= 1);
        for (const r of releases) {
            assert.match(r.version, SEMVER);
            assert.match(r.date ?? "", /^\d{4}-\d{2}-\d{2}$/, `${r.version} has no ISO date`);
        }
        for (let i = 1; i < releases.length; i++) assert.ok(compareVersions(releases[i - 1].version, releases[i].version) > 0, `${releases[i - 1].version} before ${releases[i].version}`);
    });

    it("the heading parser reads Keep a Changelog headings and nothing else", () => {
        assert.deepEqual(releaseHeadings("## [Unreleased]\n### Added\n## [1.0.0] - 2026-01-02\n## Versioning policy\n"), [
            { version: "Unreleased", date: undefined },
            { version: "1.0.0", date: "2026-01-02" },
        ]);
    });
});
