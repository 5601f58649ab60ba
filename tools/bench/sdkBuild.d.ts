// Types of sdkBuild.js (plain JavaScript, preloaded into a pack's own process; see there).
export const ENV: string;
export function sdkBuildFiles(sdkDir: string, buildDir: string): string[];
export function installSdkBuild(sdkDir: string, buildDir: string, onCompiled?: (name: string) => void): string[];
export function sdkBuildForChildProcess(sdkDir: string, buildDir: string, reportFile: string): { nodeArgs: string[]; env: NodeJS.ProcessEnv };
