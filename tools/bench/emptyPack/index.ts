import { PolicyPack } from "@pulumi/policy";

// A pack without policies: the bench's measure of what the analyzer protocol alone costs per resource.
new PolicyPack("bench-empty", { policies: [] });
