import * as pulumi from "@pulumi/pulumi";
import { awsxVpcOutputs } from "./awsxVpc";
import { policyDocument } from "./policyDocument";
import { UNKNOWN, awsInvokeFields, shortHash } from "./providerCheck";

/**
 * What the mocked cloud answers: resources echo their inputs plus the outputs AWS would compute
 * (ids, ARNs, generated names), and the account lookups answer for a fixed test account. In preview the
 * computed outputs are withheld, so they are unknown to the program exactly as in `pulumi preview`.
 */

export const MOCK_ACCOUNT_ID = "123456789012";

/** `aws:s3/bucket:Bucket` -> `s3`. */
function serviceOf(type: string): string {
    const m = /^aws:([^/]+)\//.exec(type);
    return m ? m[1] : "unknown";
}

/** Outputs AWS computes for a resource of this type, given its inputs. */
export function computedOutputs(
    args: pulumi.runtime.MockResourceArgs,
    region: string,
): { id: string; outputs: Record<string, unknown> } {
    const { type, name, inputs } = args;
    const acct = MOCK_ACCOUNT_ID;
    const physical = (inputs.name as string | undefined) ?? `${name}-${shortHash(type + name).slice(0, 7)}`;
    switch (type) {
        case "aws:s3/bucket:Bucket": {
            const bucket = (inputs.bucket as string | undefined) ?? physical;
            return { id: bucket, outputs: { bucket, arn: `arn:aws:s3:::${bucket}`, region, bucketDomainName: `${bucket}.s3.amazonaws.com` } };
        }
        case "aws:iam/role:Role": {
            const path = (inputs.path as string | undefined) ?? "/";
            return { id: physical, outputs: { name: physical, arn: `arn:aws:iam::${acct}:role${path}${physical}`, uniqueId: `AROA${shortHash(physical).toUpperCase()}` } };
        }
        case "aws:iam/policy:Policy": {
            const path = (inputs.path as string | undefined) ?? "/";
            return { id: `arn:aws:iam::${acct}:policy${path}${physical}`, outputs: { name: physical, arn: `arn:aws:iam::${acct}:policy${path}${physical}` } };
        }
        case "aws:kms/key:Key": {
            const keyId = `${shortHash(name)}-${shortHash(name + "1").slice(0, 4)}-4${shortHash(name + "2").slice(0, 3)}-8${shortHash(name + "3").slice(0, 3)}-${shortHash(name + "4")}${shortHash(name + "5").slice(0, 4)}`;
            return { id: keyId, outputs: { keyId, arn: `arn:aws:kms:${region}:${acct}:key/${keyId}` } };
        }
        case "aws:kms/alias:Alias":
            return { id: physical, outputs: { arn: `arn:aws:kms:${region}:${acct}:${physical}`, targetKeyArn: `arn:aws:kms:${region}:${acct}:key/${inputs.targetKeyId}` } };
        case "aws:sns/topic:Topic":
            return { id: `arn:aws:sns:${region}:${acct}:${physical}`, outputs: { arn: `arn:aws:sns:${region}:${acct}:${physical}`, name: physical } };
        case "aws:sqs/queue:Queue":
            return {
                id: `https://sqs.${region}.amazonaws.com/${acct}/${physical}`,
                outputs: { arn: `arn:aws:sqs:${region}:${acct}:${physical}`, url: `https://sqs.${region}.amazonaws.com/${acct}/${physical}`, name: physical },
            };
        case "aws:sfn/stateMachine:StateMachine":
            return { id: `arn:aws:states:${region}:${acct}:stateMachine:${physical}`, outputs: { arn: `arn:aws:states:${region}:${acct}:stateMachine:${physical}`, name: physical } };
        case "aws:ecs/cluster:Cluster":
            return { id: `arn:aws:ecs:${region}:${acct}:cluster/${physical}`, outputs: { arn: `arn:aws:ecs:${region}:${acct}:cluster/${physical}`, name: physical } };
        case "aws:ecs/taskDefinition:TaskDefinition": {
            const family = inputs.family as string;
            const base = `arn:aws:ecs:${region}:${acct}:task-definition/${family}`;
            return { id: family, outputs: { arn: `${base}:1`, arnWithoutRevision: base, revision: 1 } };
        }
        case "aws:cloudwatch/logGroup:LogGroup":
            return { id: physical, outputs: { arn: `arn:aws:logs:${region}:${acct}:log-group:${physical}`, name: physical } };
        case "aws:codebuild/project:Project":
            return { id: physical, outputs: { arn: `arn:aws:codebuild:${region}:${acct}:project/${physical}`, name: physical } };
        case "aws:codecommit/repository:Repository": {
            const repo = inputs.repositoryName as string;
            return {
                id: repo,
                outputs: { arn: `arn:aws:codecommit:${region}:${acct}:${repo}`, cloneUrlHttp: `https://git-codecommit.${region}.amazonaws.com/v1/repos/${repo}`, repositoryId: shortHash(repo) },
            };
        }
        case "aws:ecr/repository:Repository":
            return {
                id: physical,
                outputs: { arn: `arn:aws:ecr:${region}:${acct}:repository/${physical}`, repositoryUrl: `${acct}.dkr.ecr.${region}.amazonaws.com/${physical}`, registryId: acct, name: physical },
            };
        case "aws:secretsmanager/secret:Secret": {
            const arn = `arn:aws:secretsmanager:${region}:${acct}:secret:${physical}-${shortHash(physical).slice(0, 6)}`;
            return { id: arn, outputs: { arn, name: physical } };
        }
        case "aws:ssm/parameter:Parameter":
            return { id: physical, outputs: { arn: `arn:aws:ssm:${region}:${acct}:parameter/${physical.replace(/^\//, "")}`, name: physical } };
        case "aws:cloudwatch/eventRule:EventRule":
            return { id: physical, outputs: { arn: `arn:aws:events:${region}:${acct}:rule/${physical}`, name: physical } };
        case "aws:scheduler/schedule:Schedule":
            return { id: `default/${physical}`, outputs: { arn: `arn:aws:scheduler:${region}:${acct}:schedule/default/${physical}`, name: physical } };
        case "aws:ec2/securityGroup:SecurityGroup":
            return { id: `sg-${shortHash(name)}${shortHash(name + "sg").slice(0, 9)}`, outputs: { arn: `arn:aws:ec2:${region}:${acct}:security-group/sg-${shortHash(name)}` } };
        case "awsx:ec2:Vpc":
            // A remote component: its outputs match the children runProgram reproduces (awsxVpc.ts).
            return { id: "", outputs: awsxVpcOutputs(name, inputs, region) };
        case "aws:ec2/vpc:Vpc":
            return { id: `vpc-${name}`, outputs: { arn: `arn:aws:ec2:${region}:${acct}:vpc/vpc-${name}` } };
        case "aws:ec2/vpcEndpoint:VpcEndpoint":
            return { id: `vpce-${shortHash(name)}${shortHash(name + "e").slice(0, 9)}`, outputs: { prefixListId: inputs.vpcEndpointType === "Gateway" ? `pl-${shortHash(name).slice(0, 8)}` : undefined, arn: `arn:aws:ec2:${region}:${acct}:vpc-endpoint/vpce-${shortHash(name)}` } };
        case "random:index/randomPassword:RandomPassword":
            return { id: "none", outputs: { result: "offline-mock-password" } };
        default: {
            const service = serviceOf(type);
            const kind = type.split(":").pop()!.replace(/^./, (c) => c.toLowerCase());
            return {
                id: `${physical}`,
                outputs: { arn: `arn:aws:${service}:${region}:${acct}:${kind}/${physical}`, ...(inputs.name === undefined ? {} : { name: inputs.name }) },
            };
        }
    }
}

/**
 * Answers of the data sources (invokes) the mocks can give as AWS would: account lookups for a fixed test
 * account, `getPolicyDocument` computed for real (a pure function), and common lookups with made-up ids.
 * Every other invoke answers each field of its result unknown (from @pulumi/aws's declarations) and is
 * reported through `onUnknown`: never its arguments echoed back as if they were the answer.
 */
export function mockCall(args: pulumi.runtime.MockCallArgs, region: string, onUnknown: (token: string) => void = () => undefined): Record<string, unknown> {
    const inputs = args.inputs as Record<string, any>;
    switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/offline-plan`, userId: "AIDAOFFLINEPLAN", id: MOCK_ACCOUNT_ID };
        case "aws:index/getRegion:getRegion":
            return { region, name: region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
            return { ...policyDocument(inputs), version: inputs.version ?? "2012-10-17", statements: inputs.statements ?? [] };
        case "aws:ec2/getRouteTables:getRouteTables":
            return { ids: ["rtb-0aaaaaaaaaaaaaaaa", "rtb-0bbbbbbbbbbbbbbbb"], id: String(inputs.vpcId ?? "vpc") };
        case "aws:ec2/getPrefixList:getPrefixList":
            return { id: "pl-63a5400a", name: inputs.name, cidrBlocks: ["3.5.0.0/16"] };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { names: ["a", "b", "c"].map((z) => `${region}${z}`), zoneIds: [1, 2, 3].map((n) => `use1-az${n}`), id: region };
        case "aws:ec2/getAmi:getAmi": {
            const id = `ami-${shortHash(JSON.stringify(inputs))}${shortHash(region).slice(0, 9)}`;
            return { id, imageId: id, architecture: "x86_64", rootDeviceName: "/dev/xvda", rootDeviceType: "ebs", virtualizationType: "hvm", ownerId: "137112412989", name: "offline-ami", state: "available" };
        }
        case "aws:route53/getZone:getZone": {
            const name = String(inputs.name ?? "example.com").replace(/\.?$/, ".");
            const zoneId = String(inputs.zoneId ?? `Z${shortHash(name).toUpperCase()}OFFLINE`);
            return { id: zoneId, zoneId, name, arn: `arn:aws:route53:::hostedzone/${zoneId}`, privateZone: inputs.privateZone ?? false, nameServers: ["ns-1.awsdns-01.org"], resourceRecordSetCount: 2 };
        }
        case "aws:ec2/getVpc:getVpc": {
            const id = String(inputs.id ?? `vpc-${shortHash(JSON.stringify(inputs))}${shortHash("v").slice(0, 9)}`);
            return { id, arn: `arn:aws:ec2:${region}:${MOCK_ACCOUNT_ID}:vpc/${id}`, cidrBlock: "172.31.0.0/16", default: inputs.default ?? false, state: "available", ownerId: MOCK_ACCOUNT_ID, region };
        }
        case "aws:ec2/getSubnets:getSubnets":
            return { id: region, ids: ["a", "b", "c"].map((z) => `subnet-${shortHash(JSON.stringify(inputs) + z)}${shortHash(z).slice(0, 9)}`), filters: inputs.filters, region };
        default: {
            onUnknown(args.token);
            const fields = awsInvokeFields(args.token) ?? [];
            return Object.fromEntries(fields.map((f) => [f, UNKNOWN]));
        }
    }
}
