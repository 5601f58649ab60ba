import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/**
 * tools/awsguard is deliberately not a workspace of the root package: @pulumi/awsguard 0.3 pins
 * @pulumi/aws 4, and the Node language host asks the engine for every provider it finds under the
 * program's node_modules (pulumi-language-nodejs GetRequiredPackages), so a hoisted copy would make
 * every `pulumi up` fetch provider v4. The host skips folders holding a PulumiPolicy.yaml, so the
 * check's dependencies live in tools/awsguard/node_modules, installed here from its own lockfile.
 */
export const AWSGUARD_DIR = path.join(__dirname, "..", "..", "tools", "awsguard");

/** Written after a successful install: the lockfile's hash, so a changed lockfile reinstalls. */
const STAMP = path.join(AWSGUARD_DIR, "node_modules", ".mlplatform-lock-sha1");

export interface AwsguardInstall {
    /** false when node_modules already matched the lockfile. */
    installed: boolean;
    /** Wall time of the install (0 when nothing was installed). */
    milliseconds: number;
}

function lockHash(): string {
    return crypto.createHash("sha1").update(fs.readFileSync(path.join(AWSGUARD_DIR, "package-lock.json"))).digest("hex");
}

/**
 * Installs tools/awsguard's dependencies with `npm ci` unless they match its lockfile already. Only the
 * npm registry is needed; install scripts are skipped (the check loads no provider plugin, and
 * @pulumi/aws 4's script would try to download one).
 */
export function ensureAwsguardInstalled(): AwsguardInstall {
    const wanted = lockHash();
    if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8").trim() === wanted) return { installed: false, milliseconds: 0 };
    const started = Date.now();
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const result = spawnSync(npm, ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"], {
        cwd: AWSGUARD_DIR,
        encoding: "utf8",
        // `npm test` exports its own package's settings; the nested install must read tools/awsguard's.
        env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(package|lifecycle)_/.test(k) && k !== "npm_config_local_prefix")),
    });
    if (result.status !== 0) {
        throw new Error(`npm ci in ${AWSGUARD_DIR} failed (exit ${result.status ?? result.error?.message}):\n${result.stderr}`);
    }
    fs.writeFileSync(STAMP, `${wanted}\n`);
    return { installed: true, milliseconds: Date.now() - started };
}
