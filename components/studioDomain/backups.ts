import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_PRINCIPALS } from "../aws";
import { trustPolicy } from "../iam/statements";
import { Arns, AwsContext, Naming } from "../naming";

/**
 * Daily AWS Backup of the Studio domain's home EFS into a vault under the platform key (prod), with the
 * role AWS Backup uses. Children of `parent` (StudioDomain), named after it.
 */
export function createHomeEfsBackups(
    name: string,
    settings: {
        naming: Naming;
        ctx: pulumi.Output<AwsContext>;
        kmsKeyArn: pulumi.Input<string>;
        /** Protect the vault (it holds the only copies once the domain is gone). */
        protect: boolean;
        retentionDays: number;
        homeEfsFileSystemId: pulumi.Input<string>;
    },
    parent: pulumi.Resource,
): void {
    const vault = new aws.backup.Vault(`${name}-backups`, { name: settings.naming.name("studio-backups"), kmsKeyArn: settings.kmsKeyArn }, { parent, protect: settings.protect });
    const plan = new aws.backup.Plan(
        `${name}-backups`,
        {
            name: settings.naming.name("studio-efs"),
            rules: [
                {
                    ruleName: "daily",
                    targetVaultName: vault.name,
                    schedule: "cron(0 5 ? * * *)",
                    lifecycle: { deleteAfter: settings.retentionDays },
                },
            ],
        },
        { parent },
    );
    const backupRole = new aws.iam.Role(
        `${name}-backup`,
        {
            name: settings.naming.name("studio-backup-role"),
            assumeRolePolicy: settings.ctx.apply((c) => JSON.stringify(trustPolicy(SERVICE_PRINCIPALS.backup, c.accountId))),
        },
        { parent },
    );
    new aws.iam.RolePolicyAttachment(
        `${name}-backup`,
        { role: backupRole.name, policyArn: settings.ctx.apply((c) => new Arns(c).awsManagedPolicy("service-role/AWSBackupServiceRolePolicyForBackup")) },
        { parent },
    );
    new aws.backup.Selection(
        `${name}-backups`,
        {
            name: settings.naming.name("studio-efs"),
            planId: plan.id,
            iamRoleArn: backupRole.arn,
            resources: [pulumi.all([settings.ctx, settings.homeEfsFileSystemId]).apply(([c, efs]) => new Arns(c).of("elasticfilesystem", `file-system/${efs}`))],
        },
        { parent },
    );
}
