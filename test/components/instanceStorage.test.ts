import { strict as assert } from "assert";
import * as componentList from "../../components/instanceStorage";
import * as packList from "../../policy-pack/lib/instanceStorage";

// The component (which must not set a volume key on NVMe types) and the pack (which must not demand one)
// keep their own copy of the list, because each is published alone: they must agree.
describe("NVMe instance storage list", () => {
    it("is the same in the components package and in the guardrails pack", () => {
        assert.equal(componentList.NVME_FAMILIES.source, packList.NVME_FAMILIES.source);
    });

    it("classifies instance types the same way in both", () => {
        for (const type of ["ml.g5.2xlarge", "ml.m5d.large", "ml.c6id.xlarge", "ml.p6-b200.48xlarge", "ml.g4ad.xlarge", "ml.m5.large", "ml.t3.medium", "ml.inf2.xlarge", undefined]) {
            assert.equal(componentList.hasLocalInstanceStorage(type), packList.hasLocalInstanceStorage(type), String(type));
        }
        assert.equal(componentList.hasLocalInstanceStorage("ml.p6-b200.48xlarge"), true);
        assert.equal(componentList.hasLocalInstanceStorage("ml.m5.large"), false);
    });
});
