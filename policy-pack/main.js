// The entry the Pulumi CLI runs (package.json's main), through @pulumi/pulumi's run-policy-pack, which has
// registered ts-node for TypeScript: the pack compiled into bin/ when that build is fresh (compiledBuild.js;
// `npm run build` makes it before `pulumi policy publish`, README.md), else its TypeScript, index.ts.
"use strict";
// First: modules loaded after this are compiled once by V8 and then read from Node's compile cache (Node >= 22.8;
// nothing on older Node). `pulumi preview` starts the pack in a new process every time, and compiling its
// modules (the policies, @pulumi/policy, the IAM action data) was about 13% of that start. Node checks each
// entry against its source's hash; a failure to write means no cache; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
require("node:module").enableCompileCache?.();

// Then: @pulumi/pulumi's closure-serialisation modules and Automation API, which a pack never uses, load only if used.
require("./deferredModules.js").deferPulumiClosureModules();

const { freshCompiledEntry } = require("./compiledBuild.js");

module.exports = require(freshCompiledEntry(__dirname) ?? "./index.ts");
