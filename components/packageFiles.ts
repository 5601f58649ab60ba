import * as fs from "fs";
import * as path from "path";

/** This package's name in its package.json: how its root is recognised from any file inside it. */
export const PACKAGE_NAME = "@mlplatform/components";

/**
 * The directory of this package's package.json, found upwards from this file. The same code runs from
 * the TypeScript sources (components/) and from the compiled dist/ (one level deeper), in this repository
 * or installed under node_modules, so files shipped with the package (buildspecs/) are found relative
 * to the package's root rather than to a path inside one layout.
 */
export function packageRoot(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === PACKAGE_NAME) return dir;
        if (path.dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: no package.json named ${PACKAGE_NAME} above ${from}; the package is incomplete.`);
    }
}

/** A file shipped with the package, e.g. `packageFile("buildspecs", "training-image.yml")`. */
export function packageFile(...segments: string[]): string {
    return path.join(packageRoot(), ...segments);
}
