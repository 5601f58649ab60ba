// @pulumi/pulumi loads `typescript` (9 MB), `@npmcli/arborist` and `normalize-package-data` when it loads, for
// closure serialisation (runtime/closure: parseFunction, codePaths), which only a program that turns a JavaScript
// function into a Lambda uses; its index also loads the Automation API (`./automation`: execa, js-yaml, ...),
// which neither a program run nor a policy pack uses. After `deferPulumiClosureModules()`, those requires from
// @pulumi/pulumi get a stand-in that loads the real module on first use: a process that uses none of them never
// loads them, and one that does gets the same module at that point.
// - The pack's entry (main.js) calls it before it loads the pack: @pulumi/policy loads @pulumi/pulumi's index,
//   whose Automation API and arborist were a quarter to a third of the time to the pack's first answer
//   (`npm run bench -- --sections cli`). The CLI's run-policy-pack has loaded typescript already, for ts-node.
// - The offline plan calls it before anything loads @pulumi/pulumi (tools/offline/deferredLoading.ts).
// The results are the same: test/tools/offline/deferredLoading.test.ts compares plans with and without it byte
// for byte, and test/policy-pack/main.test.ts checks what a pack's process loads.
"use strict";
const path = require("node:path");

const DEFERRED = new Set(["typescript", "@npmcli/arborist", "normalize-package-data"]);
const PULUMI_SDK = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;
/** Deferred only when the SDK's index requires it (`pulumi.automation`); the Automation API's own modules load it as usual. */
const DEFERRED_FROM_INDEX = "./automation";
const SDK_INDEX = `${PULUMI_SDK}index.js`;

function deferred(request, parent) {
    if (!parent?.includes(PULUMI_SDK)) return false;
    return DEFERRED.has(request) || (request === DEFERRED_FROM_INDEX && parent.endsWith(SDK_INDEX));
}

/**
 * A stand-in for a module's exports that loads it on first use. It says `__esModule`, so TypeScript's
 * `__importStar` / `__importDefault` helpers hand it back as is instead of copying every export (which would
 * load the module at once); `default` then answers the module itself, as those helpers would have.
 */
function loadOnFirstUse(load) {
    let loaded = false;
    let real;
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

/** Marks the installed hook process-wide: the pack's entry and the offline tool may each load their own copy of this file. */
const INSTALLED = Symbol.for("mlplatform-guardrails.deferPulumiClosureModules");

function deferPulumiClosureModules() {
    const Module = require("node:module");
    if (Module[INSTALLED]) return;
    Module[INSTALLED] = true;
    const load = Module._load;
    Module._load = function deferredLoad(request, parent, isMain) {
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

module.exports = { deferPulumiClosureModules };
