/**
 * The offline plan defers the modules @pulumi/pulumi loads for closure serialisation and its Automation API
 * (`typescript`, `@npmcli/arborist`, `normalize-package-data`, `./automation`) until first use, with the same
 * hook the policy pack's entry installs in its own process (policy-pack/deferredModules.js, which says why):
 * one implementation, shipped with the pack, which must stand alone. The plan is the same byte for byte with
 * and without it (test/tools/offline/deferredLoading.test.ts).
 *
 * Must run before @pulumi/pulumi is first required: tools/plan.ts imports this module first.
 */
const { deferPulumiClosureModules } = require("../../policy-pack/deferredModules.js") as { deferPulumiClosureModules(): void };

deferPulumiClosureModules();

export {}; // a module: what it declares stays its own
