/**
 * Read model `forecast_cells`: the open deals of one owner, close month ('YYYY-MM' of the expected close date) and
 * forecast category — how many, Σ amount and Σ amount × probability in integer percent (the deal's override when set,
 * else its stage's). The forecast of a month or quarter sums the cells of its months (src/forecast/cells-store.ts):
 * its cost follows owners × months × categories, not the open deals. Kept in step by re-deriving every cell of the
 * owners a write touched — the owners the opportunities had before (their opportunity_facts rows, read before
 * refreshFacts rewrites them) and have now — and of the owners of open deals in a stage whose probability changed; a
 * stage move re-derives its deal's one cell inside the move statement (src/db/move-trigger.ts,
 * src/opportunities/move-store.ts): a move changes no owner, close date or category, only status and stage.
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { inChunks, type Keys } from "./id-range";

export const FORECAST_CELL_COLUMNS = "owner_id, close_month, forecast_category, deals, amount_fen, weighted_pct";

/**
 * The cells of the open deals of `o` (opportunities) matching `where`, as a select of FORECAST_CELL_COLUMNS; `join`
 * adds tables `where` may name.
 */
export const cellsSql = (where: string, join = ""): string => `select o.owner_id, substr(o.expected_close_date, 1, 7), o.forecast_category, count(*),
    sum(o.amount_fen), sum(o.amount_fen * coalesce(o.probability_override, s.probability))
  from opportunities o join stages s on s.id = o.stage_id ${join}
  where o.status = 'open' and o.expected_close_date is not null and ${where}
  group by o.owner_id, substr(o.expected_close_date, 1, 7), o.forecast_category`;

/**
 * The open deals of the cell of deal `m` (an alias with owner_id, expected_close_date, forecast_category) through the
 * index on (owner_id, status, expected_close_date): the month as a range, then the exact month.
 */
export const sameCellSql = (m: string): string => `o.owner_id = ${m}.owner_id and o.forecast_category = ${m}.forecast_category
    and o.expected_close_date >= substr(${m}.expected_close_date, 1, 7) and o.expected_close_date < substr(${m}.expected_close_date, 1, 7) || '-99'
    and substr(o.expected_close_date, 1, 7) = substr(${m}.expected_close_date, 1, 7)`;

/** Re-derives every cell of these owners. */
export async function refreshForecastCells(tx: DbOrTx, ownerIds: Iterable<number>): Promise<void> {
  await inChunks(ownerIds, async (k: Keys) => {
    if (!("ids" in k) || !k.ids.length) return;
    const list = k.ids.map((i) => String(Math.trunc(i))).join(", ");
    await sql.raw(`delete from forecast_cells where owner_id in (${list})`).execute(tx);
    await sql.raw(`insert into forecast_cells (${FORECAST_CELL_COLUMNS}) ${cellsSql(`o.owner_id in (${list})`)}`).execute(tx);
  });
}

/** The owners of open deals in these stages (their cells weigh by the stage's probability). */
export async function refreshStageForecastCells(tx: DbOrTx, stageIds: readonly number[]): Promise<void> {
  if (!stageIds.length) return;
  const r = await sql<{ o: number }>`select distinct owner_id as o from opportunities
    where status = 'open' and stage_id in (${sql.join(stageIds.map((s) => sql.lit(s)))})`.execute(tx);
  await refreshForecastCells(
    tx,
    r.rows.map((x) => Number(x.o)),
  );
}

/** Every cell again from the open deals, one statement. */
export async function rebuildForecastCells(db: DbOrTx, onProgress?: (done: number, total: number) => void): Promise<void> {
  onProgress?.(0, 1);
  await sql`delete from forecast_cells`.execute(db);
  await sql.raw(`insert into forecast_cells (${FORECAST_CELL_COLUMNS}) ${cellsSql("1 = 1")}`).execute(db);
  onProgress?.(1, 1);
}
