/** Optimistic concurrency for every versioned table: update only when the caller's version is current. */
import { conflict, notFound } from "../core/errors";
import type { Database } from "./schema";
import type { DbOrTx } from "./tx";

type Versioned = { [K in keyof Database]: Database[K] extends { version: unknown; id: unknown } ? K : never }[keyof Database];

/**
 * Applies `patch` to row `id` of `table` if its version is `version`, bumping it; throws 404 when the row is
 * gone and 409 (with the current version) when someone else changed it first. Returns the row before the change.
 */
export async function updateVersioned<T extends Versioned>(
  tx: DbOrTx,
  table: T | string,
  id: number,
  version: number,
  patch: Record<string, unknown>,
  entity: string,
): Promise<Record<string, unknown> & { id: number; version: number }> {
  // Kysely cannot type a table chosen at run time; the column names come from typed callers.
  const db = tx as unknown as import("kysely").Kysely<any>;
  const t = table as string;
  const before = await db.selectFrom(t).selectAll().where("id", "=", id).executeTakeFirst();
  if (!before) throw notFound(entity);
  if (before.version !== version) throw conflict(entity, version, before.version);
  const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const r = await db
    .updateTable(t)
    .set({ ...clean, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    const now = await db.selectFrom(t).select("version").where("id", "=", id).executeTakeFirst();
    throw conflict(entity, version, now?.version ?? -1);
  }
  return before as Record<string, unknown> & { id: number; version: number };
}
