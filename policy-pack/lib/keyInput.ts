import { KeyReference, keyReference } from "./documents";
import { isSet, whenKnown } from "./values";

/**
 * What a resource input names as its KMS key: "missing", "aws-managed" (`alias/aws/...`, bare or as an
 * ARN, the key AWS manages for a service, whose policy nobody can govern) or "customer-managed". A value
 * unknown during preview is another resource's output, so a key of the stack: customer-managed.
 */
export function keyInput(read: () => unknown): KeyReference {
    if (!isSet(read)) return "missing";
    const value = whenKnown(read);
    return value === undefined ? "customer-managed" : keyReference(value);
}

/** True when a resource input names a customer-managed KMS key (see keyInput). */
export function namesCustomerManagedKey(read: () => unknown): boolean {
    return keyInput(read) === "customer-managed";
}
