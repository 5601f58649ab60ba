import { PolicyResource } from "@pulumi/policy";
import { isUnknown, whenKnown } from "./values";

/**
 * VPCs of the stack that no resource of `types` is attached to (by its `vpcId` property dependency, or
 * by the id at the end of the VPC's ARN, as for a VPC created inside a component such as awsx's), and
 * those that cannot be judged until the update because an id is still unknown.
 */
export function vpcsWithout(resources: PolicyResource[], attached: PolicyResource[]): { missing: PolicyResource[]; waiting: PolicyResource[] } {
    const linkedUrns = new Set(attached.flatMap((a) => (a.propertyDependencies.vpcId ?? []).map((d) => d.urn)));
    const ids = new Set(attached.map((a) => whenKnown(() => a.props.vpcId)).filter((id): id is string => typeof id === "string"));
    // Resources attached to subnets or ENIs have no vpcId at all: only an unknown one can be the link.
    const someIdUnknown = attached.some((a) => isUnknown(() => a.props.vpcId));
    const missing: PolicyResource[] = [];
    const waiting: PolicyResource[] = [];
    for (const vpc of resources.filter((r) => r.type === "aws:ec2/vpc:Vpc")) {
        if (linkedUrns.has(vpc.urn)) continue;
        const id = (whenKnown(() => vpc.props.arn) as string | undefined)?.split("/").pop();
        if (id && ids.has(id)) continue;
        (!id || someIdUnknown ? waiting : missing).push(vpc);
    }
    return { missing, waiting };
}
