/**
 * Custom fields in imports: each active field of the kind's entity is a column `custom.<key>` whose header may also be
 * the field's key or its Chinese or English label (a built-in column's header wins a clash). A cell is read as the
 * API would take it (fields/model.ts); a bad one is a row error on that column. An empty cell clears the value; a
 * missing column leaves stored values alone. Pure.
 */
import { checkValue, type FieldDef, type FieldEntity, type FindUser, parseCellText, type StoredCell } from "../fields/model";
import type { ColumnSpec, ImportKind } from "./kinds";
import type { ImportRecord } from "./record";

/** The entity whose custom fields an import kind carries. */
export const CUSTOM_ENTITY: Partial<Record<ImportKind, FieldEntity>> = {
  customers: "customer",
  contacts: "contact",
  opportunities: "opportunity",
  activities: "activity",
};

export const customColumn = (key: string) => `custom.${key}`;

export function customColumns(fields: readonly FieldDef[]): ColumnSpec[] {
  return fields
    .filter((f) => f.active)
    .map((f) => ({
      name: customColumn(f.key),
      type: f.type === "date" ? { t: "date" } : { t: "text", max: 5000 },
      aliases: [f.key, f.labelZh, f.labelEn],
    }));
}

/**
 * The stored cells of a row's custom columns (field id → cells), taking them out of `values`; each bad cell is given
 * to `error` with its column and reason.
 */
export function customCells(
  fields: readonly FieldDef[],
  values: ImportRecord,
  findUser: FindUser,
  error: (column: string, reason: string) => void,
): Map<number, StoredCell[]> {
  const out = new Map<number, StoredCell[]>();
  for (const f of fields) {
    const col = customColumn(f.key);
    if (!(col in values)) continue;
    const cell = values[col];
    delete values[col];
    if (cell === undefined) continue;
    const parsed = parseCellText(f, cell == null ? "" : String(cell), findUser);
    if ("error" in parsed) {
      error(col, parsed.error);
      continue;
    }
    const r = checkValue(f, parsed.value, new Set(typeof parsed.value === "number" ? [parsed.value] : []));
    if ("reason" in r) {
      error(col, `${f.labelZh} ${r.reason}`);
      continue;
    }
    out.set(f.id, r.cells);
  }
  return out;
}

/** A new record's required active fields that its row left out (no column, or no value): each is a row error on its column. */
export function missingRequired(
  fields: readonly FieldDef[],
  given: ReadonlyMap<number, StoredCell[]> | undefined,
  error: (column: string, reason: string) => void,
): void {
  for (const f of fields) {
    if (!f.active || !f.required) continue;
    if (!given?.get(f.id)?.length) error(customColumn(f.key), `${f.labelZh} is required`);
  }
}
