import { PolicyPack } from "@pulumi/policy";
import { decodeEachResourceOnce } from "./lib/decodeOnce";
import { policies } from "./policies";

// Each resource's properties decoded once per analysis request rather than once per policy (lib/decodeOnce.ts).
decodeEachResourceOnce();

// Constructing the pack starts the analyzer the Pulumi CLI talks to: `pulumi preview --policy-pack policy-pack`.
new PolicyPack("mlplatform-guardrails", {
    description: "Guardrails for governed ML platforms on AWS: encryption, public access, least privilege, tags.",
    policies,
});
