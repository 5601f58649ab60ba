import { CapturedResource, ProgramRun } from "../../tools/offline/runProgram";
import { Decision, decide } from "../iamSimulator";
import { doc, inputs, ofType, one } from "../harness";

/**
 * Every IAM document one stack run registers (role trust and permissions, key, bucket, topic, queue and
 * repository policies, the Studio launch policy), and a way to ask the IAM simulator a question with the
 * resource policy AWS evaluates alongside: the key policy for KMS, the bucket policy for S3, and so on.
 */
export interface RoleDocuments {
    arn: string;
    trust: object;
    /** Inline RolePolicy documents of the role. */
    permissions: object[];
}

export interface StackDocuments {
    account: string;
    region: string;
    environment: string;
    keyArn: string;
    keyPolicy: object;
    /** By role name, e.g. `sefaz-ml-retrain-states-role-prod`. */
    roles: Map<string, RoleDocuments>;
    /** By bucket ARN. */
    bucketPolicies: Map<string, object>;
    /** By topic ARN. */
    topicPolicies: Map<string, object>;
    /** By queue ARN. */
    queuePolicies: Map<string, object>;
    /** By repository ARN. */
    repositoryPolicies: Map<string, object>;
    /** Managed policies by name (the Studio launch policy). */
    managedPolicies: Map<string, object>;
}

export function stackDocuments(run: ProgramRun, environment: string): StackDocuments {
    const key = one(run, "aws:kms/key:Key");
    const keyArn = key.rawOutputs.arn as string;
    const [, , , region, account] = keyArn.split(":");
    const roles = new Map<string, RoleDocuments>();
    const rolePolicies = ofType(run, "aws:iam/rolePolicy:RolePolicy");
    for (const role of ofType(run, "aws:iam/role:Role")) {
        const name = inputs(role).name as string;
        roles.set(name, {
            arn: role.rawOutputs.arn as string,
            trust: doc(role, "assumeRolePolicy"),
            permissions: rolePolicies.filter((p) => inputs(p).role === name).map((p) => doc(p, "policy")),
        });
    }
    const byOutput = (type: string, keyOf: (r: CapturedResource) => string, prop = "policy") =>
        new Map(ofType(run, type).map((r) => [keyOf(r), doc(r, prop)]));
    const arnOf = (type: string, match: (r: CapturedResource) => boolean) => run.resources.find((r) => r.type === type && match(r))?.rawOutputs.arn as string;
    return {
        account,
        region,
        environment,
        keyArn,
        keyPolicy: doc(key, "policy"),
        roles,
        bucketPolicies: byOutput("aws:s3/bucketPolicy:BucketPolicy", (r) => `arn:aws:s3:::${inputs(r).bucket}`),
        topicPolicies: byOutput("aws:sns/topicPolicy:TopicPolicy", (r) => inputs(r).arn),
        queuePolicies: byOutput("aws:sqs/queuePolicy:QueuePolicy", (r) =>
            arnOf("aws:sqs/queue:Queue", (q) => q.rawOutputs.url === inputs(r).queueUrl),
        ),
        repositoryPolicies: byOutput("aws:ecr/repositoryPolicy:RepositoryPolicy", (r) =>
            arnOf("aws:ecr/repository:Repository", (q) => q.rawOutputs.name === inputs(r).repository),
        ),
        managedPolicies: byOutput("aws:iam/policy:Policy", (r) => inputs(r).name),
    };
}

/** One request a workload makes at run time, with the AWS page that says it is needed. */
export interface MustAllow {
    /** What the workload is doing, in words. */
    does: string;
    /** URL and section of the AWS documentation that requires this request. */
    doc: string;
    /** A role name, a managed policy name (its holder), or a service principal such as `events.amazonaws.com`. */
    principal: string;
    action: string;
    resource: string;
    /** The request context AWS sends (only keys the action carries). */
    context?: Record<string, string | string[]>;
    /**
     * Identity policy documents to evaluate instead of the principal's own (e.g. a managed policy AWS
     * publishes, quoted by the question).
     */
    identityPolicies?: object[];
    /**
     * Service-specific policy variables the service resolves for this request (Studio sets
     * `sagemaker:DomainId` and `sagemaker:UserProfileName` for a user's apps); the simulator does not know
     * them, so they are substituted into the identity policies before asking.
     */
    policyVariables?: Record<string, string>;
}

/** The resource policy AWS evaluates with a request on this resource, if the stack defines one. */
export function resourcePolicyFor(docs: StackDocuments, action: string, resource: string): object | undefined {
    if (action === "sts:AssumeRole" || action === "sts:SetSourceIdentity") {
        return [...docs.roles.values()].find((r) => r.arn === resource)?.trust;
    }
    if (resource === docs.keyArn) return docs.keyPolicy;
    if (resource.startsWith("arn:aws:s3:::")) return docs.bucketPolicies.get(resource.split("/")[0]);
    return docs.topicPolicies.get(resource) ?? docs.queuePolicies.get(resource) ?? docs.repositoryPolicies.get(resource);
}

/** Asks the simulator one must-allow question, as AWS would evaluate it (identity and resource policy). */
export async function ask(docs: StackDocuments, q: MustAllow): Promise<Decision> {
    const isService = q.principal.endsWith(".amazonaws.com");
    const role = docs.roles.get(q.principal);
    const managed = docs.managedPolicies.get(q.principal);
    if (!isService && !role && !managed && !q.identityPolicies) throw new Error(`no role or policy named ${q.principal} in the ${docs.environment} stack`);
    const principal = isService ? q.principal : role ? role.arn : `arn:aws:iam::${docs.account}:role/${q.principal}-holder`;
    const context: Record<string, string | string[]> = { ...(q.context ?? {}) };
    // AWS sets these on every request of this kind; questions need not repeat them.
    if (q.action.startsWith("kms:") && !isService) context["kms:CallerAccount"] ??= docs.account;
    if (/^(s3|sns|sqs):/.test(q.action)) context["aws:SecureTransport"] ??= "true";
    const substitute = (d: object): object =>
        JSON.parse(Object.entries(q.policyVariables ?? {}).reduce((text, [k, v]) => text.split(`\${${k}}`).join(v), JSON.stringify(d)));
    const identityPolicies = (q.identityPolicies ?? (role ? role.permissions : managed ? [managed] : [])).map(substitute);
    const resourcePolicy = resourcePolicyFor(docs, q.action, q.resource);
    const encryptionContext = Object.fromEntries(Object.entries(context).filter(([k]) => ENCRYPTION_CONTEXT.test(k)));
    for (const k of Object.keys(encryptionContext)) delete context[k];
    return decide({
        principal,
        action: q.action,
        resource: q.resource,
        resourceAccount: docs.account,
        identityPolicies: identityPolicies.map((d) => resolveEncryptionContext(d, encryptionContext)),
        resourcePolicy: resourcePolicy && resolveEncryptionContext(resourcePolicy, encryptionContext),
        context,
    });
}

const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:/i;

/** IAM string and ARN matching: `*` any run of characters, `?` one character, case-sensitive. */
function like(pattern: string, value: string): boolean {
    const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${regex}$`).test(value);
}

/**
 * The simulator cannot read `kms:EncryptionContext:<key>` conditions whose key holds a colon (aws:logs:arn,
 * aws:s3:arn) and treats them as absent. This resolves them for the request before it is asked: a
 * statement whose encryption-context condition holds loses that condition, one whose condition fails is
 * dropped. Only the operators the platform's documents use are understood; any other one is an error.
 */
export function resolveEncryptionContext(document: object, encryptionContext: Record<string, string | string[]>): object {
    const statements: any[] = [].concat((document as any).Statement);
    const resolved = statements.flatMap((st) => {
        if (!st.Condition) return [st];
        const condition: Record<string, Record<string, unknown>> = {};
        for (const [operator, block] of Object.entries(st.Condition as Record<string, Record<string, unknown>>)) {
            for (const [key, expected] of Object.entries(block)) {
                if (!ENCRYPTION_CONTEXT.test(key)) {
                    (condition[operator] ??= {})[key] = expected;
                    continue;
                }
                if (!["ArnLike", "ArnEquals", "StringEquals", "StringLike"].includes(operator)) throw new Error(`${operator} on ${key} is not understood by the test helper`);
                const actual = encryptionContext[Object.keys(encryptionContext).find((k) => k.toLowerCase() === key.toLowerCase()) ?? ""];
                const patterns = ([] as unknown[]).concat(expected).map(String);
                const values = ([] as string[]).concat(actual ?? []);
                const equal = operator.endsWith("Equals");
                if (!values.some((v) => patterns.some((p) => (equal ? p === v : like(p, v))))) return [];
            }
        }
        const { Condition: _dropped, ...rest } = st;
        return [Object.keys(condition).length > 0 ? { ...rest, Condition: condition } : rest];
    });
    return { ...document, Statement: resolved };
}

/** A question's refusal as a readable line, or undefined when it is allowed. */
async function refusal(docs: StackDocuments, q: MustAllow): Promise<string | undefined> {
    const got = await ask(docs, q);
    return got === "Allowed" ? undefined : `${q.does}: ${q.principal} ${q.action} on ${q.resource} -> ${got} (${q.doc})`;
}

/** The questions of a table that are not allowed, as readable lines (empty when all pass). */
export async function refused(docs: StackDocuments, table: MustAllow[]): Promise<string[]> {
    const wrong: string[] = [];
    for (const q of table) {
        const line = await refusal(docs, q);
        if (line !== undefined) wrong.push(line);
    }
    return wrong;
}

/**
 * The first refusal of a table whose line (as `refused` writes it) satisfies `matches`, asking no further
 * question: a mutation check needs one refusal naming what it removed, and each question is a simulation.
 */
export async function firstRefusal(docs: StackDocuments, table: MustAllow[], matches: (line: string) => boolean): Promise<string | undefined> {
    for (const q of table) {
        const line = await refusal(docs, q);
        if (line !== undefined && matches(line)) return line;
    }
    return undefined;
}

/** A copy of the documents with one action removed from one role's permissions (the mutation check). */
export function withoutAction(docs: StackDocuments, roleName: string, action: string): StackDocuments {
    const role = docs.roles.get(roleName);
    if (!role) throw new Error(`no role ${roleName}`);
    let removed = false;
    const permissions = role.permissions.map((d: any) => ({
        ...d,
        Statement: d.Statement.map((s: any) => {
            if (s.Effect !== "Allow" || !s.Action.includes(action)) return s;
            removed = true;
            return { ...s, Action: s.Action.filter((a: string) => a !== action) };
        }).filter((s: any) => s.Action.length > 0),
    }));
    if (!removed) throw new Error(`${roleName} allows no ${action} to remove`);
    return { ...docs, roles: new Map(docs.roles).set(roleName, { ...role, permissions }) };
}

/** A copy of the documents with the key policy's statement `sid` changed (or removed, when `change` returns undefined). */
export function withKeyStatement(docs: StackDocuments, sid: string, change: (statement: any) => any): StackDocuments {
    const statements: any[] = (docs.keyPolicy as any).Statement;
    if (!statements.some((st) => st.Sid === sid)) throw new Error(`the key policy has no statement ${sid}`);
    const changed = statements.map((st) => (st.Sid === sid ? change(st) : st)).filter((st) => st !== undefined);
    return { ...docs, keyPolicy: { ...docs.keyPolicy, Statement: changed } };
}

/** A copy of the documents with one action removed from a managed policy (e.g. the Studio launch policy). */
export function withoutManagedAction(docs: StackDocuments, policyName: string, action: string): StackDocuments {
    const policy: any = docs.managedPolicies.get(policyName);
    if (!policy) throw new Error(`no managed policy ${policyName}`);
    const Statement = policy.Statement.map((st: any) => (st.Effect === "Allow" ? { ...st, Action: [].concat(st.Action).filter((a) => a !== action) } : st));
    return { ...docs, managedPolicies: new Map(docs.managedPolicies).set(policyName, { ...policy, Statement }) };
}
