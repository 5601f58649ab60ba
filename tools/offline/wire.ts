/**
 * Pulumi's wire-format markers in captured inputs and outputs (pulumi/pulumi sdk/nodejs/runtime/rpc.ts):
 * an object with `SIG_KEY` set to `SECRET_SIG` wraps a secret, to `RESOURCE_SIG` a resource reference;
 * `UNKNOWN` is the value of an output not known during preview.
 */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
