/**
 * Read model `close_date_changes`: one row per audit row that changed an opportunity's expected close date — an API
 * edit (`update`) or an import's update of an existing deal (`import_update`) — with the deal's current owner, the
 * instant and the date before and after. The Friday view's moved in / moved out / slipped read the week's rows by
 * (changed_at) or, for a scoped viewer, by (owner_id, changed_at), instead of scanning the week's audit log and
 * parsing its JSON. Kept in step by re-deriving an opportunity's rows from its audit rows whenever the opportunity is
 * written (after the write's audit row: edits, imports, transfers, merges); a deal that no longer exists has none.
 */
import { type RawBuilder, type SqlBool, sql } from "kysely";
import { isPostgres } from "../db/dialect";
import type { DbOrTx } from "../db/tx";
import { inChunks, inRanges, keyCond, type Keys } from "./id-range";

/** The audit actions whose diff carries `expected_close_date: [before, after]`. */
export const CLOSE_DATE_ACTIONS = ["update", "import_update"] as const;

const pair = (db: DbOrTx) =>
  isPostgres(db as never)
    ? {
        isPair: sql<SqlBool>`json_typeof(cast(a.diff as json) -> 'expected_close_date') = 'array'`,
        before: sql`cast(a.diff as json) -> 'expected_close_date' ->> 0`,
        after: sql`cast(a.diff as json) -> 'expected_close_date' ->> 1`,
      }
    : {
        isPair: sql<SqlBool>`json_type(a.diff, '$.expected_close_date') = 'array'`,
        before: sql`json_extract(a.diff, '$.expected_close_date[0]')`,
        after: sql`json_extract(a.diff, '$.expected_close_date[1]')`,
      };

async function fill(tx: DbOrTx, where: RawBuilder<SqlBool>, clear: RawBuilder<SqlBool> | null): Promise<void> {
  const p = pair(tx);
  if (clear) await sql`delete from close_date_changes where ${clear}`.execute(tx);
  // the text match first (cheap, and every diff it lets through is JSON written by audit()): only candidates are parsed
  await sql`insert into close_date_changes (audit_id, opportunity_id, owner_id, changed_at, before_date, after_date)
    select a.id, o.id, o.owner_id, a.at, ${p.before}, ${p.after}
    from audit_log a join opportunities o on o.id = a.entity_id
    where a.entity = 'opportunity' and a.action in (${sql.join(CLOSE_DATE_ACTIONS.map((x) => sql.lit(x)))}) and ${where}
      and (case when a.diff like '%"expected_close_date"%' then ${p.isPair} else false end)`.execute(tx);
}

/** Re-derives the rows of these opportunities from their audit rows (call after the write's audit row). */
export async function refreshCloseDateChanges(tx: DbOrTx, opportunityIds: Iterable<number>): Promise<void> {
  await inChunks(opportunityIds, (k: Keys) => fill(tx, keyCond("a.entity_id", k), keyCond("opportunity_id", k)));
}

/** Every row again from the audit log, in ranges of audit ids. */
export async function rebuildCloseDateChanges(db: DbOrTx, onProgress?: (done: number, total: number) => void): Promise<void> {
  await sql`delete from close_date_changes`.execute(db);
  await inRanges(db, "audit_log", "id", 200_000, (k) => fill(db, keyCond("a.id", k), null), onProgress);
}
