import { types } from "util";

/**
 * Whether this process loaded @pulumi/pulumi in full, with nothing deferred by the offline plan's module hook
 * (policy-pack/deferredModules.js): its index holds the real Automation API, its TypeScript shim the real
 * compiler, and closure serialisation's arborist is loaded. test/setup.ts makes it so for the suite's processes.
 */
export function pulumiLoadedInFull(): { automation: boolean; typescript: boolean; arborist: boolean } {
    return {
        automation: !types.isProxy(require("@pulumi/pulumi").automation),
        typescript: !types.isProxy(require("@pulumi/pulumi/typescript-shim")),
        arborist: Object.keys(require.cache).some((f) => /node_modules[\\/]@npmcli[\\/]arborist[\\/]/.test(f)),
    };
}
