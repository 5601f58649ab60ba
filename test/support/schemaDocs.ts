import * as fs from "fs";
import { z } from "zod";

/** The description of a schema, looking through the optional/default/pipe layers around it. */
export function descriptionOf(schema: z.ZodType): string | undefined {
    let current: z.ZodType | undefined = schema;
    for (let depth = 0; current && depth < 10; depth++) {
        if (current.description) return current.description;
        const def = current.def as { innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType };
        current = def.innerType ?? def.out ?? def.in;
    }
    return undefined;
}

/** One row of a README table, by column header. */
export type TableRow = Record<string, string>;

/**
 * The rows of the first Markdown table after the line that starts with `heading` in the README: header
 * names to cell text (pipes inside backticks are not used by these tables).
 */
export function readmeTable(readmePath: string, heading: string): TableRow[] {
    const lines = fs.readFileSync(readmePath, "utf8").split("\n");
    const start = lines.findIndex((l) => l.startsWith(heading));
    if (start < 0) throw new Error(`README has no line starting with ${heading}`);
    const first = lines.findIndex((l, i) => i > start && l.startsWith("|"));
    const cells = (l: string) => l.slice(1, l.lastIndexOf("|")).split("|").map((c) => c.trim());
    const header = cells(lines[first]);
    const rows: TableRow[] = [];
    for (let i = first + 2; i < lines.length && lines[i].startsWith("|"); i++) {
        rows.push(Object.fromEntries(cells(lines[i]).map((c, j) => [header[j], c])));
    }
    return rows;
}

/** `mlplatform:prefix` from "`mlplatform:prefix`". */
export function unquote(cell: string): string {
    return cell.replace(/^`|`$/g, "");
}
