/** The import_runs table: one row per import (API or CLI), polled by the web app for progress and the error report. */
import type { Db } from "../db/connect";
import type { DbOrTx } from "../db/tx";
import type { ImportProgress, ImportReport } from "./engine";
import type { RowError } from "./headers";
import { startHeartbeat, stopHeartbeat } from "./run-liveness-store";
import type { ImportKind } from "./kinds";

export async function createRun(
  db: DbOrTx,
  r: { kind: ImportKind; fileName: string | null; createdBy: number | null; total: number; now: number },
): Promise<number> {
  const row = await db
    .insertInto("import_runs")
    .values({
      kind: r.kind,
      file_name: r.fileName,
      status: "running",
      total: r.total,
      processed: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      errors: "[]",
      created_by: r.createdBy,
      created_at: r.now,
      finished_at: null,
      heartbeat_at: r.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  startHeartbeat(db, Number(row.id));
  return Number(row.id);
}

export async function recordProgress(db: Db, id: number, p: ImportProgress): Promise<void> {
  await db
    .updateTable("import_runs")
    .set({ processed: p.processed, inserted: p.inserted, updated: p.updated, unchanged: p.unchanged })
    .where("id", "=", id)
    .where("status", "=", "running")
    .execute();
}

export async function finishRun(db: Db, id: number, report: ImportReport, now: number): Promise<void> {
  stopHeartbeat(id);
  await db
    .updateTable("import_runs")
    .set({
      status: report.status,
      total: report.processed,
      processed: report.processed,
      inserted: report.inserted,
      updated: report.updated,
      unchanged: report.unchanged,
      errors: JSON.stringify({ errors: report.errors, errorCount: report.errorCount, warnings: report.warnings }),
      finished_at: now,
    })
    .where("id", "=", id)
    .execute();
}

export async function failRun(db: Db, id: number, reason: string, now: number): Promise<void> {
  stopHeartbeat(id);
  const errors: RowError[] = [{ row: 0, column: null, reason }];
  await db
    .updateTable("import_runs")
    .set({ status: "failed", errors: JSON.stringify({ errors, errorCount: 1, warnings: [] }), finished_at: now })
    .where("id", "=", id)
    .execute();
}

export interface RunView {
  id: number;
  kind: string;
  fileName: string | null;
  status: string;
  total: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
  errorCount: number;
  warnings: RowError[];
  createdBy: number | null;
  createdAt: number;
  finishedAt: number | null;
}

export async function getRun(db: DbOrTx, id: number): Promise<RunView | null> {
  const r = await db.selectFrom("import_runs").selectAll().where("id", "=", id).executeTakeFirst();
  if (!r) return null;
  let parsed: { errors?: RowError[]; errorCount?: number; warnings?: RowError[] } = {};
  try {
    const v = JSON.parse(r.errors);
    parsed = Array.isArray(v) ? { errors: v } : v;
  } catch (e) {
    throw new Error(`import run ${r.id}: its stored row errors are not valid JSON (${(e as Error).message})`, { cause: e });
  }
  return {
    id: Number(r.id),
    kind: r.kind,
    fileName: r.file_name,
    status: r.status,
    total: r.total,
    processed: r.processed,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    errors: parsed.errors ?? [],
    errorCount: parsed.errorCount ?? parsed.errors?.length ?? 0,
    warnings: parsed.warnings ?? [],
    createdBy: r.created_by == null ? null : Number(r.created_by),
    createdAt: Number(r.created_at),
    finishedAt: r.finished_at == null ? null : Number(r.finished_at),
  };
}

/** The newest runs (all for an admin, one's own otherwise), their error lists cut to the first 20. */
export async function listRuns(db: DbOrTx, viewer: { id: number; role: string }, limit: number): Promise<RunView[]> {
  let q = db.selectFrom("import_runs").select("id").orderBy("id", "desc").limit(limit);
  if (viewer.role !== "admin") q = q.where("created_by", "=", viewer.id);
  const items: RunView[] = [];
  for (const { id } of await q.execute()) {
    const r = await getRun(db, Number(id));
    if (r) items.push({ ...r, errors: r.errors.slice(0, 20) });
  }
  return items;
}
