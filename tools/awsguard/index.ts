import { AwsGuard } from "@pulumi/awsguard";

// Every awsguard policy, advisory: the check reports what Pulumi's own pack finds, it never blocks.
new AwsGuard({ all: "advisory" });
