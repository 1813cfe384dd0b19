/** Custom fields as export columns: one `custom.<key>` column per active field, after the kind's own columns, in the import's cell format. */
import type { DbOrTx } from "../db/tx";
import { type FieldDef, type FieldEntity, valueText } from "../fields/model";
import { listFields } from "../fields/store";
import { customOf } from "../fields/values-store";
import { CUSTOM_ENTITY, customColumn } from "../import/custom-columns";
import type { ImportKind } from "../import/kinds";

export interface ExportCustom {
  entity: FieldEntity;
  fields: FieldDef[];
}

/** The kind's active custom fields (null for a kind without custom fields, or none defined). */
export async function exportCustom(db: DbOrTx, kind: ImportKind): Promise<ExportCustom | null> {
  const entity = CUSTOM_ENTITY[kind];
  if (!entity) return null;
  const fields = await listFields(db, entity, false);
  return fields.length ? { entity, fields } : null;
}

export const customHeaders = (c: ExportCustom | null): string[] => (c ? c.fields.map((f) => customColumn(f.key)) : []);

/** The rows with each record's custom cells appended (ids[i] is the record of rows[i]). */
export async function appendCustom(
  db: DbOrTx,
  c: ExportCustom,
  ids: number[],
  rows: Array<Array<string | number | null>>,
  email: (id: number) => string | undefined,
) {
  const values = await customOf(db, c.entity, ids, c.fields);
  return rows.map((r, i) => {
    const v = values.get(ids[i]) ?? {};
    return [...r, ...c.fields.map((f) => valueText(f, v[f.key] ?? null, email))];
  });
}
