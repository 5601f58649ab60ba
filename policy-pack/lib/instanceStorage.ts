/**
 * SageMaker instance types with local NVMe instance storage. AWS encrypts those volumes with a hardware
 * module and rejects a volume KMS key for them (CreateEndpointConfig KmsKeyId, training and processing
 * VolumeKmsKeyId: "You can't request a KmsKeyId when using an instance type with local storage"), so a
 * policy must not demand one. Families follow EC2's instance store list: the GPU and accelerator families
 * that ship NVMe (g4dn, g5, g6, g6e, gr6, p3dn, p4d, p4de, p5, p5e, p5en, trn1, trn1n, trn2) and every
 * general-purpose, compute or memory family with a "d" variant (c5d, m5d, m5dn, r5d, c6id, m6id, r6id, c6gd...).
 */
const NVME_FAMILIES = /^ml\.(g4dn|g5|g6|g6e|gr6|p3dn|p4d|p4de|p5|p5e|p5en|trn1|trn1n|trn2|[cmrx]\d+[a-z]*d[a-z]*)\./;

/** True when the SageMaker instance type (`ml.g5.2xlarge`) has local NVMe storage. */
export function hasLocalInstanceStorage(instanceType: unknown): boolean {
    return typeof instanceType === "string" && NVME_FAMILIES.test(instanceType);
}
