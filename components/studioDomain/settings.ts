import { StudioIpInput } from "../network/ipPlan";

/** A Studio user: profile name (also the `studiouserid` tag) and the persona that picks the execution role. */
export interface StudioUser {
    name: string;
    persona: string;
    /** IAM Identity Center user name, for authMode SSO. */
    ssoUserName?: string;
}

export interface StudioSettings {
    /** IAM or SSO (IAM Identity Center); cannot change after the domain exists. */
    authMode: "IAM" | "SSO";
    /** Instance types apps and jobs may use; must include `system` (the default Jupyter server). */
    instanceTypes: string[];
    /** Default JupyterLab instance type (in the allow-list). */
    defaultInstanceType: string;
    /** Minutes of inactivity after which JupyterLab apps shut down. */
    idleTimeoutMinutes: number;
    /** CIDR ranges people may open Studio from (besides the Studio VPC endpoint). */
    allowedSourceIps: string[];
    /** Image ARNs (patterns) apps may run; empty allows SageMaker's own images only by omission. */
    approvedImageArns: string[];
    /** Tag keys every training and processing job must carry. */
    requiredJobTags: string[];
    /** Persona whose execution role is the domain default (and the shared spaces' role). */
    defaultPersona: string;
    users: StudioUser[];
    /** Shared spaces: a name and the configured user who owns it. */
    sharedSpaces: Array<{ name: string; owner: string }>;
    /** Capacity inputs of the IP plan (whitepaper's network planning). */
    capacity: Omit<StudioIpInput, "users" | "interfaceEndpoints">;
    /** Days prod backups of the home EFS are kept. */
    backupRetentionDays: number;
    /** Create the account-wide /aws/sagemaker/studio log group (only one stack per account and region may). */
    createStudioLogGroup: boolean;
}

const INSTANCE_TYPE = /^(system|ml\.[a-z0-9]+\.[a-z0-9]+)$/;
const USER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function cidrProblem(cidr: string): string | undefined {
    const m = CIDR.exec(cidr);
    if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) return `"${cidr}" is not an IPv4 CIDR such as 203.0.113.0/24`;
    return undefined;
}

/** Problems of the Studio settings as `[field, problem]` pairs; `personas` are the ones the stack builds roles for. */
export function studioSettingsProblems(s: StudioSettings, personas: readonly string[]): Array<[string, string]> {
    const problems: Array<[string, string]> = [];
    s.instanceTypes.forEach((t, i) => {
        if (!INSTANCE_TYPE.test(t)) problems.push([`instanceTypes[${i}]`, `"${t}" is not an instance type of the form ml.<family>.<size> (or system)`]);
    });
    if (!s.instanceTypes.includes("system")) problems.push(["instanceTypes", 'must include "system": the default Jupyter server runs on it']);
    if (!s.instanceTypes.includes(s.defaultInstanceType)) problems.push(["defaultInstanceType", `"${s.defaultInstanceType}" is not in instanceTypes`]);
    if (!Number.isInteger(s.idleTimeoutMinutes) || s.idleTimeoutMinutes < 60 || s.idleTimeoutMinutes > 525600) {
        problems.push(["idleTimeoutMinutes", "a whole number of minutes from 60 to 525600 (SageMaker's idle-shutdown range)"]);
    }
    s.allowedSourceIps.forEach((c, i) => {
        const p = cidrProblem(c);
        if (p) problems.push([`allowedSourceIps[${i}]`, p]);
    });
    if (!personas.includes(s.defaultPersona)) problems.push(["defaultPersona", `"${s.defaultPersona}" is not one of the stack's personas (${personas.join(", ")})`]);
    const seen = new Set<string>();
    s.users.forEach((u, i) => {
        if (!USER_NAME.test(u.name)) problems.push([`users[${i}].name`, `"${u.name}" is not a profile name (letters, digits, hyphens, up to 63)`]);
        if (seen.has(u.name)) problems.push([`users[${i}].name`, `"${u.name}" is listed twice; each user has one profile`]);
        seen.add(u.name);
        if (!personas.includes(u.persona)) problems.push([`users[${i}].persona`, `"${u.persona}" is not one of the stack's personas (${personas.join(", ")})`]);
        if (s.authMode === "SSO" && !u.ssoUserName) problems.push([`users[${i}].ssoUserName`, "required with authMode SSO: the IAM Identity Center user name"]);
    });
    s.sharedSpaces.forEach((sp, i) => {
        if (!USER_NAME.test(sp.name)) problems.push([`sharedSpaces[${i}].name`, `"${sp.name}" is not a space name`]);
        if (!seen.has(sp.owner)) problems.push([`sharedSpaces[${i}].owner`, `"${sp.owner}" is not one of the configured users`]);
    });
    if (!Number.isInteger(s.backupRetentionDays) || s.backupRetentionDays < 1) problems.push(["backupRetentionDays", "a whole number of days, at least 1"]);
    return problems;
}
