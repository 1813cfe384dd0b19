/**
 * A stamp of the data heavy reports read — cheap index look-ups of the newest audit row, order, tier assignment,
 * satisfaction entry, opportunity, customer, stage event, forecast snapshot and settings change — and an aggregate
 * shared while the stamp holds.
 * Used by the report cache (src/http/report-cache.ts) and by stores that share one computation between reports.
 */
import { sql } from "kysely";
import type { Db } from "./connect";

const MAX_SHARED = 200;
const shared = new WeakMap<Db, Map<string, { stamp: string; value: Promise<unknown> }>>();

export async function dataStamp(db: Db): Promise<string> {
  const r = await sql<Record<string, number | null>>`select
      (select max(id) from audit_log) as a, (select max(id) from orders) as o, (select max(id) from tier_assignments) as t,
      (select max(id) from satisfaction) as s, (select max(updated_at) from settings) as g,
      (select max(id) from opportunities) as p, (select max(id) from customers) as c,
      (select max(id) from stage_events) as e, (select max(id) from forecast_snapshots) as f`.execute(db);
  return Object.values(r.rows[0] ?? {}).join(":");
}

/**
 * One computation of an aggregate several reports share (e.g. per-customer order totals of a window), reused while
 * the data stamp holds (or the narrower stamp `stampOf` gives, e.g. the order stamp for order-only aggregates);
 * concurrent callers wait for the same promise. At most MAX_SHARED keys per database.
 * When a key is computed again because its stamp moved on, every entry still holding that superseded stamp is
 * released with it: whole-base aggregates of an old stamp (tens of MB each at enterprise scale) are never read
 * again, and would otherwise stay resident until MAX_SHARED newer keys pushed them out.
 */
export async function sharedAggregate<T>(db: Db, key: string, compute: () => Promise<T>, stampOf: (db: Db) => Promise<string> = dataStamp): Promise<T> {
  let m = shared.get(db);
  if (!m) shared.set(db, (m = new Map()));
  const stamp = await stampOf(db);
  const hit = m.get(key);
  if (hit && hit.stamp === stamp) return hit.value as Promise<T>;
  if (hit) releaseStamp(m, hit.stamp);
  const value = compute();
  const entry = { stamp, value };
  m.set(key, entry);
  value.catch(() => {
    if (m.get(key) === entry) m.delete(key);
  });
  if (m.size > MAX_SHARED) m.delete(m.keys().next().value!);
  return value;
}

/** Drops every entry computed under `stamp` (a stamp one of them has just been found superseded by). */
function releaseStamp(m: Map<string, { stamp: string }>, stamp: string): void {
  for (const [k, e] of m) if (e.stamp === stamp) m.delete(k);
}

/** Keys held for `db` (for tests: what stays resident). */
export function sharedKeys(db: Db): string[] {
  return [...(shared.get(db)?.keys() ?? [])];
}

/** Whether `key` holds a computation (finished or under way) for this stamp: a caller may then share it. */
export function hasShared(db: Db, key: string, stamp: string): boolean {
  return shared.get(db)?.get(key)?.stamp === stamp;
}
