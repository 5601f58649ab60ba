import { strict as assert } from "assert";
import { hasLocalInstanceStorage } from "../../../policy-pack/lib/instanceStorage";

describe("SageMaker instance types with local NVMe storage (no volume KMS key accepted)", () => {
    for (const t of ["ml.g5.2xlarge", "ml.g4dn.xlarge", "ml.p4d.24xlarge", "ml.p5.48xlarge", "ml.g6e.12xlarge", "ml.m5d.large", "ml.c6id.4xlarge", "ml.r5d.2xlarge", "ml.trn1.32xlarge"]) {
        it(`${t} has local storage`, () => assert.equal(hasLocalInstanceStorage(t), true));
    }
    for (const t of ["ml.m5.large", "ml.c5.xlarge", "ml.p3.2xlarge", "ml.g4.xlarge", "ml.inf2.xlarge", "ml.t3.medium", "ml.r6g.large", "ml.c7i.large", "serverless", undefined]) {
        it(`${t} has EBS volumes only`, () => assert.equal(hasLocalInstanceStorage(t), false));
    }
});
