/** Settings, the audit log, job runs, import runs and the notifications centre. */
import type { ColumnType } from "kysely";
import type { Id, Ms } from "./columns";

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Ms;
}
export interface AuditLogTable {
  id: Id;
  actor_id: number | null;
  entity: string;
  entity_id: number;
  action: string;
  diff: string;
  at: Ms;
  batch_id: ColumnType<string | null, string | null | undefined>;
}
export interface JobRunsTable {
  id: Id;
  job: string;
  run_key: string;
  instance: string;
  started_at: Ms;
  finished_at: Ms | null;
  status: string;
  detail: string | null;
}
export interface ImportRunsTable {
  id: Id;
  kind: string;
  file_name: string | null;
  status: "running" | "done" | "failed" | "dry_run";
  total: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: string;
  created_by: number | null;
  created_at: Ms;
  finished_at: Ms | null;
  // trust (issue 11, migration 090)
  /** last sign of life from the instance running the import (stale ⇒ interrupted) */ heartbeat_at?: Ms | null;
}
// --- web app (issue 14): notifications centre (migration 110) ---
export interface NotificationsTable {
  id: Id;
  user_id: number;
  kind: string;
  params: string;
  link: string | null;
  dedupe_key: string | null;
  created_at: Ms;
  read_at: number | null;
}
/** The tables of this file, by name (src/db/schema.ts joins them into Database). */
export interface SystemSchema {
  settings: SettingsTable;
  audit_log: AuditLogTable;
  job_runs: JobRunsTable;
  import_runs: ImportRunsTable;
  notifications: NotificationsTable;
}
