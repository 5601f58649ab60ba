import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The account facts every ARN needs, read from the provider instead of being written down. */
export interface AwsContext {
    partition: string;
    accountId: string;
    region: string;
}

/**
 * Reads partition, account and region through the component's provider. No account ID or region literal
 * appears in the program: they come from the credentials and `aws:region` of the stack.
 */
export function lookupAwsContext(opts: pulumi.InvokeOutputOptions): pulumi.Output<AwsContext> {
    return pulumi
        .all([aws.getPartitionOutput({}, opts), aws.getCallerIdentityOutput({}, opts), aws.getRegionOutput({}, opts)])
        .apply(([partition, identity, region]) => ({
            partition: partition.partition,
            accountId: identity.accountId,
            region: region.region,
        }));
}

/**
 * The naming convention of the platform: `<prefix>-<purpose>-<environment>` (seed 000:
 * `sefaz-ml-cluster-prod`). Because every name follows it, IAM statements can be scoped to the names
 * a stack will create before those resources exist.
 */
export class Naming {
    constructor(
        readonly prefix: string,
        readonly environment: string,
    ) {}

    /** `sefaz-ml-<purpose>-prod` */
    name(purpose: string): string {
        return `${this.prefix}-${purpose}-${this.environment}`;
    }

    /** Matches every `name(...)` of this stack and nothing of another environment: `sefaz-ml-*-prod`. */
    get pattern(): string {
        return `${this.prefix}-*-${this.environment}`;
    }

    /** Hierarchical prefix for log groups and SSM parameters: `/sefaz-ml/prod/`. */
    get path(): string {
        return `/${this.prefix}/${this.environment}/`;
    }

    /** Log group of one platform part: `/sefaz-ml/prod/<part>/<name>`. */
    logGroup(part: string, name: string): string {
        return `${this.path}${part}/${name}`;
    }

    /** Secrets Manager names cannot start with `/`: `sefaz-ml/prod/<name>` (seed: `sefaz-ml/prod/db-credentials`). */
    secretName(name: string): string {
        return `${this.prefix}/${this.environment}/${name}`;
    }

    /** Globally unique S3 bucket name: `sefaz-ml-data-prod-123456789012-us-east-1`. */
    bucketName(purpose: string, ctx: AwsContext): string {
        return `${this.name(purpose)}-${ctx.accountId}-${ctx.region}`;
    }
}

/** ARN builders for a given account, so statements never hand-assemble ARNs. */
export class Arns {
    constructor(readonly ctx: AwsContext) {}

    /** Regional, account-scoped ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
    of(service: string, resource: string): string {
        const { partition, region, accountId } = this.ctx;
        return `arn:${partition}:${service}:${region}:${accountId}:${resource}`;
    }

    role(name: string, path = "/"): string {
        return `arn:${this.ctx.partition}:iam::${this.ctx.accountId}:role${path}${name}`;
    }

    /** An AWS managed policy: `arn:<partition>:iam::aws:policy/<path and name>`. */
    awsManagedPolicy(pathAndName: string): string {
        return `arn:${this.ctx.partition}:iam::aws:policy/${pathAndName}`;
    }

    bucket(name: string): string {
        return `arn:${this.ctx.partition}:s3:::${name}`;
    }

    /** The account itself as a principal (`:root` delegates to the account's IAM policies). */
    get accountRoot(): string {
        return `arn:${this.ctx.partition}:iam::${this.ctx.accountId}:root`;
    }

    logGroup(namePattern: string): string {
        return this.of("logs", `log-group:${namePattern}`);
    }
}
