/**
 * SageMaker instance types with local NVMe instance storage. AWS encrypts those volumes in hardware and
 * rejects a volume KMS key for them (CreateEndpointConfig `KmsKeyId`: "You can't request a KmsKeyId when
 * using an instance type with local storage"), so a component must not set one.
 *
 * The guardrails pack keeps the same list (`policy-pack/lib/instanceStorage.ts`): the pack is published on
 * its own and this package is installed on its own, so neither may import the other;
 * `test/components/instanceStorage.test.ts` fails when the two lists differ.
 */
export const NVME_FAMILIES = /^ml\.([a-z]+\d+[a-z]*d[a-z]*|g5|g6|g6e|gr6|p5|p5e|p5en|p6-b200|trn1|trn1n|trn2)\./;

/** True when the SageMaker instance type (`ml.g5.2xlarge`) has local NVMe storage. */
export function hasLocalInstanceStorage(instanceType: unknown): boolean {
    return typeof instanceType === "string" && NVME_FAMILIES.test(instanceType);
}
