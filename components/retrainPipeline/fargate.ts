/**
 * The CPU/memory pairs Fargate accepts (Linux). A task definition with any other pair fails at
 * registration, so the pairs are checked when config is read.
 */
const GiB = 1024;

function range(from: number, to: number, step: number): number[] {
    const out: number[] = [];
    for (let m = from; m <= to; m += step) out.push(m);
    return out;
}

export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
    256: [512, 1 * GiB, 2 * GiB],
    512: range(1 * GiB, 4 * GiB, GiB),
    1024: range(2 * GiB, 8 * GiB, GiB),
    2048: range(4 * GiB, 16 * GiB, GiB),
    4096: range(8 * GiB, 30 * GiB, GiB),
    8192: range(16 * GiB, 60 * GiB, 4 * GiB),
    16384: range(32 * GiB, 120 * GiB, 8 * GiB),
};

/** Why a CPU/memory pair is invalid for Fargate, or undefined when it is valid. */
export function fargateSizeProblem(cpu: number, memory: number): string | undefined {
    const allowed = FARGATE_MEMORY_BY_CPU[cpu];
    if (!allowed) return `cpu ${cpu} is not a Fargate size; use one of ${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")}`;
    if (!allowed.includes(memory)) {
        const options =
            allowed.length <= 4
                ? allowed.join(", ")
                : `${allowed[0]}-${allowed[allowed.length - 1]} in steps of ${allowed[1] - allowed[0]}`;
        return `memory ${memory} MiB does not go with cpu ${cpu}; Fargate allows ${options} MiB`;
    }
    return undefined;
}
