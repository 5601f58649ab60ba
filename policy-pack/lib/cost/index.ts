/** The cost estimator the offline plan and the `cost-budget` policy share (see estimate.ts). */
export * from "./estimate";
export * from "./priceTable";
export { FREE_TYPES, PRICED_TYPES, StackIndex } from "./pricedTypes";
export type { Line } from "./pricedTypes";
export { known, numberInput, objectInput } from "./inputs";
export { costResourcesOf, stackRegion } from "./fromPolicy";
