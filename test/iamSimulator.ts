import { runSimulation } from "@cloud-copilot/iam-simulate";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { writeCacheEntry } from "../tools/offline/cacheFile";
import { TEST_CACHE_DIR, fileHash, saltOf } from "./support/fileMemo";

/**
 * Asks a real IAM policy simulator (@cloud-copilot/iam-simulate) whether a request is allowed, so
 * tests prove what documents do rather than how they are spelled.
 */
export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Question {
    principal: string;
    action: string;
    resource: string;
    /** Account that owns the resource; defaults to the principal's. */
    resourceAccount?: string;
    context?: Record<string, string | string[]>;
    identityPolicies?: object[];
    resourcePolicy?: object;
}

/** The simulator's decision on a question: from the memo when the same question was simulated before (see decisionMemo). */
export async function decide(q: Question, memo: DecisionMemo = decisionMemo()): Promise<Decision> {
    const key = questionKey(q);
    const known = memo.get(key);
    if (known) return known;
    const decision = await simulate(q);
    memo.set(key, decision);
    return decision;
}

/** A question's memo key: the SHA-1 of all of it (principal, action, resource, account, context, every document). */
export function questionKey(q: Question): string {
    return crypto.createHash("sha1").update(JSON.stringify(q)).digest("hex");
}

async function simulate(q: Question): Promise<Decision> {
    const account = q.resourceAccount ?? (/:(\d{12}):/.exec(q.principal)?.[1] ?? "123456789012");
    const response: any = await runSimulation(
        {
            request: {
                principal: q.principal,
                action: q.action,
                resource: { resource: q.resource, accountId: account },
                contextVariables: q.context ?? {},
            },
            identityPolicies: (q.identityPolicies ?? []).map((policy, i) => ({ name: `policy${i}`, policy })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: q.resourcePolicy,
        } as any,
        {},
    );
    if (response.resultType === "error") {
        throw new Error(`simulation of ${q.action} on ${q.resource} failed: ${JSON.stringify(response.errors)}`);
    }
    // A context key the action does not carry is ignored by the simulator, as by AWS: a question that
    // sets one is asking about a request that cannot exist (and a policy that tests it is suspect).
    const ignored: string[] = response.result?.ignoredContextKeys ?? [];
    if (ignored.length > 0) {
        throw new Error(`${q.action} carries no context key ${ignored.join(", ")}: the question (or the policy it tests) names a key AWS never sets for it`);
    }
    return response.overallResult as Decision;
}

/** Where the simulator's decisions are kept between runs (beside test/support/fileMemo's entries). */
export const DECISIONS_FILE = path.join(TEST_CACHE_DIR, "iamDecisions.json");
/** Past this many kept decisions, only those of the current run are written back (old documents' answers go). */
const MAX_KEPT_DECISIONS = 20_000;

/** Decisions by question key: those read from a file and those simulated since. */
export class DecisionMemo {
    /** Keys looked up or added in this run: what is written back once there are too many. */
    private readonly used = new Set<string>();
    /** Questions simulated (not answered from the memo) since it was loaded. */
    simulated = 0;

    private constructor(
        private readonly file: string,
        private readonly salt: string,
        private readonly all: Map<string, Decision>,
    ) {}

    /** The decisions kept in `file` under this salt; none when it is missing, unreadable or of another salt. */
    static load(file: string, salt: string): DecisionMemo {
        const loaded = new Map<string, Decision>();
        try {
            const entry = JSON.parse(fs.readFileSync(file, "utf8")) as { salt: string; decisions: Record<string, Decision> };
            if (entry.salt === salt) for (const [k, d] of Object.entries(entry.decisions)) loaded.set(k, d);
        } catch {
            // No entry yet, or an unreadable one: simulate.
        }
        return new DecisionMemo(file, salt, loaded);
    }

    get(key: string): Decision | undefined {
        const d = this.all.get(key);
        if (d) this.used.add(key);
        return d;
    }

    set(key: string, d: Decision): void {
        this.all.set(key, d);
        this.used.add(key);
        this.simulated++;
    }

    /** Writes the decisions back, when this run simulated any. */
    save(): void {
        if (this.simulated === 0) return;
        const kept = this.all.size > MAX_KEPT_DECISIONS ? [...this.used].map((k) => [k, this.all.get(k)!]) : [...this.all];
        writeCacheEntry(this.file, JSON.stringify({ salt: this.salt, decisions: Object.fromEntries(kept) }));
    }
}

let processMemo: DecisionMemo | undefined;

/**
 * The simulator's decision per question (the SHA-1 of the whole question: principal, action, resource,
 * context and every policy document), kept on disk between runs. The simulator is a pure function of the
 * question and of the installed simulator and its data (package-lock.json, the simulator's entry file):
 * those and this file's code are the salt, and a change to any of them starts afresh. A document the
 * program writes differently, or a mutation check's changed copy, is a new question and is simulated. The
 * suite asks ~900 questions, ~1.3 s of CPU; a question that fails (an error, an ignored context key) is
 * never kept. Decisions are written once, when the process exits.
 */
function decisionMemo(): DecisionMemo {
    if (!processMemo) {
        const salt = saltOf(fileHash(__filename), fileHash(path.join(__dirname, "..", "package-lock.json")), fileHash(require.resolve("@cloud-copilot/iam-simulate")));
        const memo = DecisionMemo.load(DECISIONS_FILE, salt);
        process.once("exit", () => memo.save());
        processMemo = memo;
    }
    return processMemo;
}
