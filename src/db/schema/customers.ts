/** Customers and what hangs off them: contacts, shares, activities, orders and the external ids of merged records. */
import type { ColumnType, Generated } from "kysely";
import type { Id, Ms, OptionalRef, PinyinColumn } from "./columns";

export interface CustomersTable {
  id: Id;
  external_id: string | null;
  name: string;
  name_norm: string;
  credit_code: string | null;
  industry: string | null;
  region: string | null;
  size_band: string | null;
  channel: string | null;
  owner_id: number | null;
  credit_rating: string | null;
  prospect_rating: string | null;
  lifecycle_stage: string | null;
  priority: string | null;
  tags: string;
  notes: string | null;
  duplicate_of: number | null;
  next_follow_up_date: string | null;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
  pool_id: ColumnType<number | null, number | null | undefined>;
  owner_since: ColumnType<Ms | null, Ms | null | undefined>;
  locked: Generated<number>;
  previous_owner_id: ColumnType<number | null, number | null | undefined>;
  pooled_at: ColumnType<Ms | null, Ms | null | undefined>;
  // 100_rules (issue 11)
  /** who set the priority: null / 'auto' (the nightly job), 'manual' (a person), 'import' — only null/auto are re-tiered */
  priority_source: "auto" | "manual" | "import" | null;
  // search (issue 12, migration 160): the stored pinyin of the searched text
  /** "initials full" pinyin of the name; null until src/search/pinyin-store.ts fills it */ search_pinyin: PinyinColumn;
}
export interface ContactsTable {
  id: Id;
  external_id: string | null;
  customer_id: number;
  name: string;
  title: string | null;
  decision_role: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
  // search (issue 12, migration 160): the stored pinyin of the searched text
  search_pinyin: PinyinColumn;
}
export interface RecordSharesTable {
  id: Id;
  entity: "customer" | "opportunity";
  entity_id: number;
  user_id: number | null;
  created_at: Ms;
  department_id: ColumnType<number | null, number | null | undefined>;
  access: ColumnType<"read" | "write", "read" | "write" | undefined>;
  expires_at: ColumnType<Ms | null, Ms | null | undefined>;
  created_by: ColumnType<number | null, number | null | undefined>;
}
export interface ActivitiesTable {
  id: Id;
  external_id: string | null;
  kind: string;
  customer_id: number;
  contact_id: number | null;
  opportunity_id: number | null;
  owner_id: number;
  subject: string | null;
  met_person: string | null;
  met_title: string | null;
  planned_at: Ms | null;
  done_at: Ms | null;
  outcome: string | null;
  next_follow_up_at: Ms | null;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
  // search (issue 12, migration 160): the stored pinyin of the searched text
  search_pinyin: PinyinColumn;
}
export interface OrdersTable {
  id: Id;
  external_id: string | null;
  customer_id: number;
  opportunity_id: number | null;
  ordered_at: Ms;
  amount_fen: number;
  cost_fen: number;
  units: number;
  product: string | null;
  created_at: Ms;
  // products (issue 12, migration 150)
  product_id: OptionalRef;
}
export interface ExternalIdAliasesTable {
  id: Id;
  entity: string;
  alias: string;
  target_id: number;
  created_at: Ms;
}
/** The tables of this file, by name (src/db/schema.ts joins them into Database). */
export interface CustomersSchema {
  customers: CustomersTable;
  contacts: ContactsTable;
  record_shares: RecordSharesTable;
  activities: ActivitiesTable;
  orders: OrdersTable;
  external_id_aliases: ExternalIdAliasesTable;
}
