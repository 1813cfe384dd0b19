/** One data row of a file → a record keyed by canonical column, and the row's errors. Pure. */
import { Bad, type Cell, isEmpty, parseCell, type Value } from "./cells";
import { foldCell, headerKey, type ResolvedColumns, type RowError } from "./headers";
import { fillTemplate, isTemplate } from "./mapping";
import type { KindSpec } from "./kinds";

/** Canonical column → value; `undefined` when the file has no such column (the stored value is kept). */
export type ImportRecord = Record<string, Value | undefined>;

export interface ParsedRow {
  row: number;
  values: ImportRecord;
}

export const isBlankRow = (cells: readonly Cell[]): boolean => cells.every(isEmpty);

/** The text of a cell for a template placeholder or value map. */
const cellText = (c: Cell): string | null => (isEmpty(c) ? null : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim());

/**
 * Parses every mapped cell (every bad cell is reported, not only the first). Where a cell is empty or the
 * column absent, a `set` constant or template fills it; a value map then turns file values into stored ones.
 */
export function parseRow(spec: KindSpec, cols: ResolvedColumns, cells: readonly Cell[], row: number, tz: string): { values: ImportRecord; errors: RowError[] } {
  const values: ImportRecord = {};
  const errors: RowError[] = [];
  const placeholder = (name: string): string | null => {
    const hi = cols.headerKeys.get(headerKey(name));
    if (hi !== undefined) return cellText(cells[hi]);
    const ci = cols.index.get(name);
    return ci !== undefined ? cellText(cells[ci]) : null;
  };
  for (const c of spec.columns) {
    const i = cols.index.get(c.name);
    let cell: Cell = i === undefined ? undefined : cells[i];
    const preset = cols.set.get(c.name);
    if (isEmpty(cell) && preset !== undefined) {
      if (isTemplate(preset)) {
        const t = fillTemplate(preset, placeholder);
        if (t.missing.length && !t.text) {
          errors.push({ row, column: c.name, reason: `cannot fill "${preset}": ${t.missing.map((m) => `{${m}}`).join(", ")} empty or not in the file` });
          continue;
        }
        cell = t.text;
      } else cell = preset;
    }
    if (i === undefined && preset === undefined) continue;
    if (!isEmpty(cell)) {
      const vm = cols.values.get(c.name);
      const mapped = vm?.get(foldCell(String(cellText(cell))));
      if (mapped !== undefined) cell = mapped;
    }
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
  const base = `auto:${v.customer_external_id ?? v.customer_name}:${v.ordered_at}:${v.amount}:${v.units ?? ""}:${v.product ?? ""}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return n === 1 ? base : `${base}:${n}`;
}
