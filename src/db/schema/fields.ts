/** Custom fields (migration 140) and their values; saved list views (migration 130). */
import type { Generated } from "kysely";
import type { Id, Ms } from "./columns";

export interface SavedViewsTable {
  id: Id;
  list: string;
  name: string;
  owner_id: number;
  department_id: number | null;
  /** JSON object of the list's query parameters */ filters: string;
  /** JSON array of column keys */ columns: string;
  sort: string | null;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
// --- custom fields (issue 12, migration 140) ---
export interface CustomFieldsTable {
  id: Id;
  entity: string;
  key: string;
  label_zh: string;
  label_en: string;
  type: string;
  required: number;
  /** JSON array of { key, labelZh, labelEn } for select types */
  options: string;
  position: number;
  active: number;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface CustomValuesTable {
  field_id: number;
  record_id: number;
  entity: string;
  seq: number;
  text_value: string | null;
  num_value: number | null;
  long_value: string | null;
}
/** The tables of this file, by name (src/db/schema.ts joins them into Database). */
export interface FieldsSchema {
  saved_views: SavedViewsTable;
  custom_fields: CustomFieldsTable;
  custom_values: CustomValuesTable;
}
