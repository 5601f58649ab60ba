/**
 * Node's compile cache (module.enableCompileCache, Node >= 22.8) for every module the pack loads from here
 * on: its policies, @pulumi/policy, the IAM action data. `pulumi preview` starts the pack in a new process
 * each time, and compiling those modules was an eighth of its start (about 130 ms of about 1 s on Node 22 and 24;
 * `npm run bench -- --sections cli`). Node keeps the compiled code in the system's temporary folder (or
 * NODE_COMPILE_CACHE's), checks each entry against its source's hash, and a failure to write only means
 * no cache; NODE_DISABLE_COMPILE_CACHE=1 turns it off. On older Node this does nothing. Imported first by
 * the pack's entry (index.ts), the module the CLI runs; a pack composed from ours (api.ts) decides for itself.
 */
import * as nodeModule from "module";

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
