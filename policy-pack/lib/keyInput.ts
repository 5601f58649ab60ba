import { keyReference } from "./documents";
import { isSet, whenKnown } from "./values";

/**
 * True when a resource input names a customer-managed KMS key: set, and not an AWS-managed alias
 * (`alias/aws/...`, bare or as an ARN). A value unknown during preview is another resource's output, so a
 * key of the stack, and counts as customer-managed.
 */
export function namesCustomerManagedKey(read: () => unknown): boolean {
    if (!isSet(read)) return false;
    const value = whenKnown(read);
    return value === undefined || keyReference(value) === "customer-managed";
}
