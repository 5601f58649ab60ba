/**
 * Semantic analysis of AWS policy documents and of the secrets and keys resources carry: who can do what
 * under which condition. Pure functions (the resource-scope oracle reads AWS's reference data lazily).
 * The pack's policies judge documents with it; `../iamDocument.ts` keeps only the project's RESOURCE_STAR_ACTIONS list.
 */
export * from "./parse";
export * from "./arn";
export * from "./access";
export * from "./findings";
export * from "./resourceScopes";
export * from "./secrets";
export * from "./keys";
export * from "./managedPolicies";
