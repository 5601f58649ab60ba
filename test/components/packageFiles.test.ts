import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PACKAGE_NAME, packageRoot } from "../../components/packageFiles";
import { DEFAULT_BUILDSPEC } from "../../components/retrainPipeline";

const COMPONENTS = path.join(__dirname, "..", "..", "components");

describe("components: files shipped with the package (packageFiles)", () => {
    it("finds the package root from the sources and from anywhere under dist/", () => {
        assert.equal(packageRoot(path.join(COMPONENTS, "retrainPipeline")), COMPONENTS);
        assert.equal(packageRoot(path.join(COMPONENTS, "dist", "retrainPipeline")), COMPONENTS);
    });

    it("skips other packages' package.json on the way up, and fails clearly when there is none", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pkgroot-"));
        try {
            fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: PACKAGE_NAME }));
            fs.mkdirSync(path.join(dir, "dist", "inner"), { recursive: true });
            fs.writeFileSync(path.join(dir, "dist", "package.json"), JSON.stringify({ name: "something-else" }));
            assert.equal(packageRoot(path.join(dir, "dist", "inner")), dir);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        assert.throws(() => packageRoot(os.tmpdir()), /no package\.json named @mlplatform\/components above/);
    });

    it("DEFAULT_BUILDSPEC is the package's buildspecs/training-image.yml", () => {
        assert.equal(DEFAULT_BUILDSPEC, path.join(COMPONENTS, "buildspecs", "training-image.yml"));
        assert.match(fs.readFileSync(DEFAULT_BUILDSPEC, "utf8"), /^version: 0\.2/m);
    });
});
