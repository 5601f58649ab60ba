import * as path from "path";

/**
 * @pulumi/pulumi loads `typescript` (9 MB), `@npmcli/arborist` and `normalize-package-data` when it loads,
 * for closure serialisation (runtime/closure: parseFunction, codePaths), which only a program that turns
 * a JavaScript function into a Lambda uses; its index also loads the Automation API (`./automation`: execa,
 * js-yaml, ...), which a program run never uses. Together they are three quarters of its load time. Within
 * the offline tool, those requires from @pulumi/pulumi get a stand-in that loads the real module on first
 * use, so a plan that uses none of them never loads them, and one that does loads them at that point and
 * gets the same module. Nothing else changes: the program, the pack and their results are the same (pinned
 * by test/tools/offline/deferredLoading.test.ts, which compares plans with and without it byte for byte).
 *
 * Must run before @pulumi/pulumi is first required: tools/plan.ts imports this module first.
 */

const DEFERRED = new Set(["typescript", "@npmcli/arborist", "normalize-package-data"]);
const PULUMI_SDK = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;
/** Deferred only when the SDK's index requires it (`pulumi.automation`); the Automation API's own modules load it as usual. */
const DEFERRED_FROM_INDEX = "./automation";
const SDK_INDEX = `${PULUMI_SDK}index.js`;

function deferred(request: string, parent: string | undefined): boolean {
    if (!parent?.includes(PULUMI_SDK)) return false;
    return DEFERRED.has(request) || (request === DEFERRED_FROM_INDEX && parent.endsWith(SDK_INDEX));
}

interface ModuleInternals {
    _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown;
    _resolveFilename(request: string, parent: unknown, isMain: boolean): string;
}

/**
 * A stand-in for a module's exports that loads it on first use. It says `__esModule`, so TypeScript's
 * `__importStar` / `__importDefault` helpers hand it back as is instead of copying every export (which would
 * load the module at once); `default` then answers the module itself, as those helpers would have.
 */
function loadOnFirstUse(load: () => any): object {
    let loaded = false;
    let real: any;
    const module = () => {
        if (!loaded) {
            real = load();
            loaded = true;
        }
        return real;
    };
    return new Proxy(
        {},
        {
            get: (_, key) => {
                if (key === "__esModule") return true;
                const m = module();
                return key === "default" && !m?.__esModule ? m : Reflect.get(m, key);
            },
            has: (_, key) => key in module(),
            ownKeys: () => Reflect.ownKeys(module()),
            getOwnPropertyDescriptor: (_, key) => {
                const d = Reflect.getOwnPropertyDescriptor(module(), key);
                return d && { ...d, configurable: true };
            },
        },
    );
}

let installed = false;

export function deferPulumiClosureModules(): void {
    if (installed) return;
    installed = true;
    const Module = require("module") as ModuleInternals;
    const load = Module._load;
    Module._load = function deferredLoad(this: unknown, request, parent, isMain) {
        if (deferred(request, parent?.filename)) {
            try {
                // Resolved now, so a module that is not installed fails (or falls back) where it did before.
                Module._resolveFilename(request, parent, isMain);
            } catch {
                return load.call(this, request, parent, isMain);
            }
            return loadOnFirstUse(() => load.call(this, request, parent, isMain));
        }
        return load.call(this, request, parent, isMain);
    };
}

deferPulumiClosureModules();
