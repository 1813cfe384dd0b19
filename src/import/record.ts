/** One data row of a file → a record keyed by canonical column, and the row's errors. Pure. */
import { Bad, type Cell, isEmpty, parseCell, type Value } from "./cells";
import type { ResolvedColumns, RowError } from "./headers";
import type { KindSpec } from "./kinds";

/** Canonical column → value; `undefined` when the file has no such column (the stored value is kept). */
export type ImportRecord = Record<string, Value | undefined>;

export interface ParsedRow { row: number; values: ImportRecord }

export const isBlankRow = (cells: readonly Cell[]): boolean => cells.every(isEmpty);

export function parseRow(spec: KindSpec, cols: ResolvedColumns, cells: readonly Cell[], row: number, tz: string): { values: ImportRecord; errors: RowError[] } {
  const values: ImportRecord = {};
  const errors: RowError[] = [];
  for (const c of spec.columns) {
    const i = cols.index.get(c.name);
    if (i === undefined) continue;
    const cell = cells[i];
    if (isEmpty(cell)) {
      if (c.required) errors.push({ row, column: c.name, reason: "required: the cell is empty" });
      values[c.name] = null;
      continue;
    }
    const v = parseCell(cell, c.type, tz, cols.wan.has(c.name));
    if (v instanceof Bad) errors.push({ row, column: c.name, reason: v.reason });
    else values[c.name] = v;
  }
  return { values, errors };
}

/**
 * Orders without an order number (e.g. the CDNOW sample) get a stable key from their content, so importing the
 * same file again finds them: customer, time, amount, units, product and the n-th occurrence of that tuple.
 */
export function derivedOrderKey(v: ImportRecord, seen: Map<string, number>): string {
  const base = `auto:${v.customer_external_id}:${v.ordered_at}:${v.amount}:${v.units ?? ""}:${v.product ?? ""}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return n === 1 ? base : `${base}:${n}`;
}
