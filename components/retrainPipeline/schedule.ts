/**
 * EventBridge (Scheduler) schedule expressions, validated before anything is deployed: AWS would only
 * reject a bad expression half-way through `pulumi up`.
 */

const FIELD_RULES: Array<{ name: string; min: number; max: number; names?: string[]; extra: RegExp }> = [
    { name: "minutes", min: 0, max: 59, extra: /^$/ },
    { name: "hours", min: 0, max: 23, extra: /^$/ },
    { name: "day-of-month", min: 1, max: 31, extra: /^(\?|L|LW|\d{1,2}W)$/ },
    { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], extra: /^$/ },
    { name: "day-of-week", min: 1, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], extra: /^(\?|L|\d#[1-5]|[1-7]L)$/ },
    { name: "year", min: 1970, max: 2199, extra: /^$/ },
];

function valueOk(v: string, rule: (typeof FIELD_RULES)[number]): boolean {
    const upper = v.toUpperCase();
    if (rule.names?.includes(upper)) return true;
    if (!/^\d+$/.test(v)) return false;
    const n = Number(v);
    return n >= rule.min && n <= rule.max;
}

function fieldOk(field: string, rule: (typeof FIELD_RULES)[number]): boolean {
    if (rule.extra.test(field.toUpperCase()) && field !== "") return true;
    return field.split(",").every((part) => {
        const [range, step] = part.split("/");
        if (step !== undefined && !/^\d+$/.test(step)) return false;
        if (range === "*") return true;
        const bounds = range.split("-");
        if (bounds.length > 2) return false;
        return bounds.every((b) => valueOk(b, rule));
    });
}

/**
 * Returns why a schedule expression is invalid, or undefined when EventBridge accepts it:
 * `cron(minutes hours day-of-month month day-of-week year)` with `?` in exactly one of the two day
 * fields, or `rate(<n> minute(s)|hour(s)|day(s))`.
 */
export function scheduleProblem(expression: string): string | undefined {
    const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
    if (rate) {
        const n = Number(rate[1]);
        if (n < 1) return "a rate must be at least 1";
        if ((n === 1) !== !rate[2].endsWith("s")) return `use "${n} ${n === 1 ? rate[2].replace(/s$/, "") : rate[2].replace(/s?$/, "s")}"`;
        return undefined;
    }
    const cron = /^cron\((.*)\)$/.exec(expression);
    if (!cron) return "expected cron(minutes hours day-of-month month day-of-week year) or rate(<n> <unit>)";
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), found ${fields.length}`;
    for (let i = 0; i < 6; i++) {
        if (!fieldOk(fields[i], FIELD_RULES[i])) return `field ${i + 1} (${FIELD_RULES[i].name}) "${fields[i]}" is not valid`;
    }
    const [dom, dow] = [fields[2], fields[4]];
    if ((dom === "?") === (dow === "?")) return 'exactly one of day-of-month and day-of-week must be "?"';
    return undefined;
}

/** Returns why a time zone is invalid, or undefined for an IANA name Node (and EventBridge Scheduler) knows. */
export function timeZoneProblem(zone: string): string | undefined {
    try {
        new Intl.DateTimeFormat("en-US", { timeZone: zone });
        return undefined;
    } catch {
        return `"${zone}" is not an IANA time zone name (e.g. UTC, America/Sao_Paulo)`;
    }
}
