import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

// Constructing the pack starts the analyzer the Pulumi CLI talks to: `pulumi preview --policy-pack policy-pack`.
new PolicyPack("mlplatform-guardrails", {
    description: "Guardrails for governed ML platforms on AWS: encryption, public access, least privilege, tags.",
    policies,
});
