/**
 * What the lead-to-cash imports share: rows grouped by their document number (a quote's lines, a contract's
 * instalments), the viewer the cash stores check visibility with, and a store's error put on the row's column.
 */
import type { Viewer } from "../access/viewer";
import { AppError } from "../core/errors";
import type { ParsedRow } from "./record";
import type { ChunkContext } from "./writer";

/** Rows by the value of `key`, in file order. */
export function groupBy(rows: readonly ParsedRow[], key: string): Map<string, ParsedRow[]> {
  const out = new Map<string, ParsedRow[]>();
  for (const r of rows) {
    const k = String(r.values[key]);
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}

/** Reports each later row of a group whose `columns` differ from the group's first row; true when all agree. */
export function sameAcross(ctx: ChunkContext, group: readonly ParsedRow[], columns: readonly string[], label: string): boolean {
  let ok = true;
  const first = group[0].values;
  for (const r of group.slice(1))
    for (const c of columns) {
      if (JSON.stringify(r.values[c] ?? null) === JSON.stringify(first[c] ?? null)) continue;
      ctx.error(r.row, c, `${label}: ${c} differs from row ${group[0].row} (every row of one ${label.split(" ")[0]} gives the same ${c})`);
      ok = false;
    }
  return ok;
}

/** The importing user as the viewer the stores expect (the route's or CLI's, else one with the role's default scope). */
export function importViewer(ctx: ChunkContext, row: number): Viewer | null {
  const a = ctx.lookups.actor;
  if (a.viewer) return a.viewer;
  if (a.id == null) {
    ctx.error(row, null, "no importing user: run `jindou init` first");
    return null;
  }
  return { id: a.id, role: a.role, teamId: a.teamId, name: "", email: ctx.lookups.emailById.get(a.id) ?? "", locale: "zh-CN" };
}

/** Runs one store write; a coded rule error becomes the row's error on the column `fields` maps its field to. */
export async function throughRules(ctx: ChunkContext, row: number, fields: Record<string, string>, write: () => Promise<void>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    // a record the importing user may not see is "not found", as on the API
    const entity = e.code === "NOT_FOUND" ? String(e.params?.entity ?? "") : "";
    const field = entity ? (fields[entity] ?? null) : e.field ? (fields[e.field] ?? fields[e.field.split(".").at(-1)!] ?? null) : null;
    ctx.error(row, field, `${e.code === "INVALID" ? "" : `${e.code}: `}${e.message}`);
    return false;
  }
}
