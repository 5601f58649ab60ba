import { PolicyResource } from "@pulumi/policy";
import { whenKnown } from "./values";

/**
 * Links @pulumi/aws v7 configuration resources (versioning, encryption, public access block, policy...)
 * to the bucket they configure. A configuration resource names its bucket in `bucket`; the engine tells
 * which resource that value came from in `propertyDependencies.bucket`, which works in preview too,
 * when the name itself is still unknown. When there is no dependency (a literal name), the name is
 * matched against the buckets' names. Built once per stack policy: linear in the number of resources.
 */
export class LinkIndex {
    private readonly byTarget = new Map<string, Map<string, PolicyResource[]>>();

    constructor(
        resources: PolicyResource[],
        targetTypes: string[],
        configTypes: string[],
        /** Property of the configuration resource naming its target. */
        linkProperty = "bucket",
        /** Properties of the target that configuration resources may refer to it by. */
        targetKeys: string[] = ["bucket", "id"],
    ) {
        const targetsByName = new Map<string, string>();
        for (const r of resources) {
            if (!targetTypes.includes(r.type)) continue;
            this.byTarget.set(r.urn, new Map());
            for (const key of targetKeys) {
                const value = whenKnown(() => r.props[key]);
                if (typeof value === "string" && value) targetsByName.set(value, r.urn);
            }
        }
        const wanted = new Set(configTypes);
        for (const r of resources) {
            if (!wanted.has(r.type)) continue;
            const targets = new Set<string>();
            for (const dep of r.propertyDependencies[linkProperty] ?? []) {
                if (this.byTarget.has(dep.urn)) targets.add(dep.urn);
            }
            if (targets.size === 0) {
                const name = whenKnown(() => r.props[linkProperty]);
                const urn = typeof name === "string" ? targetsByName.get(name) : undefined;
                if (urn) targets.add(urn);
            }
            for (const urn of targets) {
                const perType = this.byTarget.get(urn)!;
                const linked = perType.get(r.type);
                if (linked) linked.push(r);
                else perType.set(r.type, [r]);
            }
        }
    }

    /** Configuration resources of `type` attached to the target. */
    linked(target: PolicyResource, type: string): PolicyResource[] {
        return this.byTarget.get(target.urn)?.get(type) ?? [];
    }
}
