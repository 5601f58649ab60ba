/**
 * Customer-managed versus AWS-managed KMS key references. `alias/aws/<service>` (bare or as an alias ARN)
 * names the key AWS manages for a service: its policy cannot be changed, so it cannot grant other services
 * or be governed; it is not a customer-managed key, for S3 default encryption as for every other service.
 */

export type KeyReference = "missing" | "aws-managed" | "customer-managed";

/** Classifies a key id, key ARN, alias or alias ARN. Empty or absent is "missing". */
export function keyReference(value: unknown): KeyReference {
    if (value === undefined || value === null || value === "") return "missing";
    const text = String(value);
    if (/(^|:)alias\/aws\//.test(text)) return "aws-managed";
    return "customer-managed";
}

/** True when the value names a customer-managed key (not absent, not `alias/aws/...`). */
export function isCustomerManagedKey(value: unknown): boolean {
    return keyReference(value) === "customer-managed";
}
