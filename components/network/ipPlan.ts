/**
 * IP capacity planning for a SageMaker Studio domain in VpcOnly mode, after the administration
 * whitepaper's "VPC network planning": SageMaker and the services around it place ENIs in the domain's
 * subnets, and a subnet that runs out of addresses stops users from starting apps or jobs.
 *
 * Per subnet (domain level): one EFS mount target, and one ENI per interface VPC endpoint.
 * Per user (anywhere in the domain's subnets): one ENI for the Jupyter server (`system` instance), one
 * per distinct instance type their apps run on (apps on the same type share it), and two per concurrent
 * training or processing instance in the VPC (five with EFA). User ENIs can all land in one subnet, so
 * each subnet is sized for all of them, plus growth.
 *
 * The whitepaper's example: 100 users, 2 instance types and 1 training instance each, 10 endpoints:
 * 11 + 5 x 100 = 511 addresses, so a /22 per subnet.
 */

export interface StudioIpInput {
    /** Expected concurrent users. */
    users: number;
    /** Distinct instance types each user's apps run on at once (besides the `system` Jupyter server). */
    instanceTypesPerUser: number;
    /** Concurrent training/processing instances per user launched inside the VPC. */
    trainingInstancesPerUser: number;
    /** Training uses EFA (5 IPs per instance instead of 2). */
    efa?: boolean;
    /** Interface VPC endpoints in the domain's subnets (one ENI each per subnet). */
    interfaceEndpoints: number;
    /** Expected growth, in percent, applied to the user-level addresses. */
    growthPercent: number;
    /** Apps each user runs at once (for the account's 2,500 concurrent-app quota). */
    appsPerUser: number;
}

export interface StudioIpPlan {
    /** Addresses every subnet needs for the domain itself (EFS mount target + endpoint ENIs). */
    domainPerSubnet: number;
    /** Addresses one user consumes. */
    perUser: number;
    /** Addresses all users consume, with growth. */
    usersWithGrowth: number;
    /** Addresses each subnet must offer. */
    requiredPerSubnet: number;
    /** Largest prefix length (smallest subnet) that offers them, AWS's 5 reserved addresses excluded. */
    maxPrefixLength: number;
    /** Concurrent apps the users will run, against the account quota. */
    concurrentApps: number;
    /** Share of the 2,500 concurrent-app account quota, 0..1+. */
    appQuotaShare: number;
}

/** SageMaker's default account quota of concurrent Studio apps. */
export const STUDIO_APP_QUOTA = 2500;
/** Addresses AWS reserves in every subnet (network, router, DNS, future, broadcast). */
export const AWS_RESERVED_PER_SUBNET = 5;

export function usableAddresses(prefixLength: number): number {
    return 2 ** (32 - prefixLength) - AWS_RESERVED_PER_SUBNET;
}

export function planStudioIps(input: StudioIpInput): StudioIpPlan {
    const domainPerSubnet = 1 + input.interfaceEndpoints;
    const perUser = 1 + input.instanceTypesPerUser + (input.efa ? 5 : 2) * input.trainingInstancesPerUser;
    const usersWithGrowth = Math.ceil(input.users * perUser * (1 + input.growthPercent / 100));
    const requiredPerSubnet = domainPerSubnet + usersWithGrowth;
    let maxPrefixLength = 28; // the smallest subnet AWS allows
    while (maxPrefixLength > 16 && usableAddresses(maxPrefixLength) < requiredPerSubnet) maxPrefixLength--;
    const concurrentApps = input.users * input.appsPerUser;
    return {
        domainPerSubnet,
        perUser,
        usersWithGrowth,
        requiredPerSubnet,
        maxPrefixLength,
        concurrentApps,
        appQuotaShare: concurrentApps / STUDIO_APP_QUOTA,
    };
}

/** Prefix length of an IPv4 CIDR (`10.0.0.0/22` -> 22), or undefined when it is not one. */
export function prefixLength(cidr: string): number | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (!m || m.slice(1, 5).some((o) => Number(o) > 255)) return undefined;
    const p = Number(m[5]);
    return p >= 0 && p <= 32 ? p : undefined;
}

/** Subnets too small for the plan, each with the fix. */
export function subnetCapacityProblems(plan: StudioIpPlan, subnetCidrs: string[]): string[] {
    return subnetCidrs.flatMap((cidr) => {
        const p = prefixLength(cidr);
        if (p === undefined) return [`${cidr} is not an IPv4 CIDR`];
        const usable = usableAddresses(p);
        return usable >= plan.requiredPerSubnet
            ? []
            : [
                  `subnet ${cidr} offers ${usable} addresses but the domain needs ${plan.requiredPerSubnet} per subnet ` +
                      `(${plan.domainPerSubnet} for EFS and endpoints + ${plan.usersWithGrowth} for users with growth): use a /${plan.maxPrefixLength} or larger`,
              ];
    });
}
