/**
 * SageMaker instance types with local NVMe instance storage. AWS encrypts those volumes with a hardware
 * module and rejects a volume KMS key for them (CreateEndpointConfig KmsKeyId, training and processing
 * VolumeKmsKeyId: "You can't request a KmsKeyId when using an instance type with local storage"), so a
 * policy must not demand one. Families follow EC2's instance store list: the GPU and accelerator families
 * that ship NVMe (g4dn, g5, g6, g6e, gr6, p3dn, p4d, p4de, p5, p5e, p5en, trn1, trn1n, trn2) and every
 * general-purpose, compute or memory family with a "d" variant (c5d, m5d, m5dn, r5d, c6id, m6id, r6id, c6gd...).
 * The EC2 naming rule covers most (a "d" among the attribute letters after the generation: m5d, c6id, g4dn,
 * p4d, p3dn, g4ad); the rest are listed. `components/instanceStorage.ts` keeps the same list for the
 * components package (a test compares them).
 */
export const NVME_FAMILIES = /^ml\.([a-z]+\d+[a-z]*d[a-z]*|g5|g6|g6e|gr6|p5|p5e|p5en|p6-b200|trn1|trn1n|trn2)\./;

/** True when the SageMaker instance type (`ml.g5.2xlarge`) has local NVMe storage. */
export function hasLocalInstanceStorage(instanceType: unknown): boolean {
    return typeof instanceType === "string" && NVME_FAMILIES.test(instanceType);
}
