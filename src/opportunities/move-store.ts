/**
 * The write of a stage move as ONE statement: the version-checked update of the opportunity, its stage event, its
 * stage visits and their month roll-up (the re-derived visits' rows taken away, the new ones added), reach row, its
 * customer's deal facts and its forecast cell (read models) and the audit row. A single statement is atomic on both engines, so the common move
 * needs no BEGIN/COMMIT. PostgreSQL: data-modifying CTEs around `UPDATE … RETURNING`. SQLite (no DML in CTEs): an
 * insert into the `opportunity_moves` view, whose INSTEAD OF trigger (src/db/move-trigger.ts) runs the same writes.
 * The visits are re-derived from the opportunity's events exactly as the rebuild does (src/readmodels/stage-visits.ts)
 * and upserted, so they equal the rebuild whatever the order of the events' times. The reach row
 * (src/readmodels/opportunity-reach.ts) takes the new status and the stage set of the earlier events and the new one:
 * a set only grows, so it is re-derived only when the move enters a stage not yet in it (at most once per stage of the
 * opportunity), not from the opportunity's whole history on every move.
 *
 * VISIT_SUFFIX: a visit's leaving time and kind are those of the next event in (at, id) order, so a new event changes
 * only its own visit and that of the event just before it. The re-derivation reads only the events from that one's
 * time on (at ≥ the latest time before the new event's, or the new event's own time when none is earlier) — a suffix
 * of the order, so lead() sees every row it needs — instead of the opportunity's whole history on every move.
 */
import { sql } from "kysely";
import { isPostgres } from "../db/dialect";
import type { OpportunitiesTable, StageEventKind } from "../db/schema";
import { type DbOrTx, isTransientConflict } from "../db/tx";
import { MOVE_CONFLICT, MOVE_VIEW } from "../db/move-trigger";
import { ALWAYS_NAMED } from "../db/connect";
import { runPrecompiled } from "../db/precompiled";
import { STAGE_SET } from "../readmodels/opportunity-reach";
import { DEAL_FACT_COLUMNS, DEAL_FACT_UPDATE, dealFactsSql, dealRowsSql } from "../readmodels/deal-facts-sql";
import { shardSql } from "../readmodels/stamps";
import { FORECAST_CELL_COLUMNS, sameCellSql } from "../readmodels/forecast-cells";
import { visitDaysDelta } from "../readmodels/visit-days";
import { VISIT_MONTHS_OFFSET_SQL, visitMonthsDelta } from "../readmodels/visit-months";

/**
 * The moved customer's deal facts (src/readmodels/customer-deals.ts) and its shard of their stamp, as CTEs of the
 * PostgreSQL move: every sub-statement sees the rows as they were before the update, so the customer's other
 * opportunities are read from the table and the moved one from `u`.
 */
const MOVED_CUSTOMER_DEALS = sql.raw(`df as (
        insert into customer_deal_facts (${DEAL_FACT_COLUMNS})
        ${dealFactsSql(`${dealRowsSql("o.customer_id = (select u.customer_id from u) and o.id <> (select u.id from u)")}
          union all select u.customer_id, u.status, u.amount_fen, coalesce(u.probability_override, s.probability), u.expected_close_date
          from u join stages s on s.id = u.stage_id`)}
        on conflict (customer_id) do update set ${DEAL_FACT_UPDATE}),
      ds as (update read_model_stamps set version = version + 1 where model = 'deals' and shard = (select ${shardSql("u.customer_id")} from u))`);

/**
 * The moved deal's forecast cell (src/readmodels/forecast-cells.ts), as CTEs of the PostgreSQL move: re-derived from
 * the cell's other open deals (read from the table) and the moved one from `u`; deleted when it holds none any more
 * (the insert then makes no row for it, so the two never touch the same row).
 */
const MOVED_FORECAST_CELL = sql.raw(`fc as (
        insert into forecast_cells (${FORECAST_CELL_COLUMNS})
        select x.owner_id, substr(x.expected_close_date, 1, 7), x.forecast_category, count(*), sum(x.amount_fen), sum(x.amount_fen * x.p)
        from (select o.owner_id, o.expected_close_date, o.forecast_category, o.amount_fen, coalesce(o.probability_override, s.probability) as p
                from opportunities o join stages s on s.id = o.stage_id join u on o.id <> u.id
                where o.status = 'open' and ${sameCellSql("u")}
              union all select u.owner_id, u.expected_close_date, u.forecast_category, u.amount_fen, coalesce(u.probability_override, s.probability)
                from u join stages s on s.id = u.stage_id where u.status = 'open' and u.expected_close_date is not null) x
        group by x.owner_id, substr(x.expected_close_date, 1, 7), x.forecast_category
        on conflict (owner_id, close_month, forecast_category) do update
          set deals = excluded.deals, amount_fen = excluded.amount_fen, weighted_pct = excluded.weighted_pct),
      fd as (
        delete from forecast_cells c using u where u.status <> 'open' and c.owner_id = u.owner_id
          and c.close_month = substr(u.expected_close_date, 1, 7) and c.forecast_category = u.forecast_category
          and not exists (select 1 from opportunities o where o.status = 'open' and o.id <> u.id and ${sameCellSql("u")}))`);

export interface MoveWrite {
  id: number;
  version: number;
  fromStageId: number;
  toStageId: number;
  status: "open" | "won" | "lost";
  kind: StageEventKind;
  reason: string | null;
  lostReason: string | null;
  override: boolean;
  actorId: number;
  at: number;
  stageEnteredAt: number;
  closedAt: number | null;
  diff: Record<string, unknown>;
}

/** The opportunity's columns a move reads and returns, named (no `*`: a named statement's result type must not change). */
export const MOVE_COLUMNS = [
  "id",
  "external_id",
  "pipeline_id",
  "stage_id",
  "customer_id",
  "owner_id",
  "title",
  "amount_fen",
  "units",
  "product",
  "expected_close_date",
  "source",
  "forecast_category",
  "probability_override",
  "status",
  "lost_reason",
  "closed_at",
  "stage_entered_at",
  "created_at",
  "updated_at",
  "version",
] as const satisfies ReadonlyArray<keyof OpportunitiesTable>;
const RETURNING = sql.raw(MOVE_COLUMNS.join(", "));
type Row = { [K in (typeof MOVE_COLUMNS)[number]]: unknown };

/** How many times the PostgreSQL move statement is sent when PostgreSQL breaks a deadlock it was in. */
const MOVE_ATTEMPTS = 3;

/**
 * Writes the move; the opportunity's row after it, or null when its version is no longer `m.version` (nothing
 * written). `before` is the row as read: on SQLite the row after is the row before with the move's columns set.
 */
export async function writeMove<T extends Row>(db: DbOrTx, m: MoveWrite, before: T): Promise<T | null> {
  const values = [
    m.id,
    m.version,
    m.fromStageId,
    m.toStageId,
    m.status,
    m.kind,
    m.reason,
    m.lostReason,
    m.override ? 1 : 0,
    m.actorId,
    m.at,
    m.stageEnteredAt,
    m.closedAt,
    JSON.stringify(m.diff),
  ];
  // One statement text whatever the values: built and compiled once per database handle (src/db/precompiled.ts).
  const pg = isPostgres(db);
  const build = (v: (i: number) => any) => ({ compile: () => (pg ? postgresMove(v) : sqliteMove(v)).compile(db) });
  if (pg) {
    if (!(await writePg(db, values, build))) return null;
  } else
    try {
      await runPrecompiled(db, db, "move-write:sqlite", values, build);
    } catch (e) {
      if (e instanceof Error && e.message.includes(MOVE_CONFLICT)) return null;
      throw e;
    }
  // The version-checked update wrote only these columns over the row as read at `m.version`, so the row after is
  // the row before with them set: no re-read, and no returned row to parse (21 columns a move on PostgreSQL).
  return {
    ...before,
    stage_id: m.toStageId,
    status: m.status,
    version: m.version + 1,
    updated_at: m.at,
    stage_entered_at: m.stageEnteredAt,
    closed_at: m.closedAt,
    lost_reason: m.lostReason,
  };
}

/** Sends the PostgreSQL move; whether it moved the row (false: the version was no longer the one read). */
async function writePg(db: DbOrTx, values: unknown[], build: Parameters<typeof runPrecompiled>[4]): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await runPrecompiled(db, db, "move-write:pg", values, build)).rows.length > 0;
    } catch (e) {
      // one statement on its own is atomic: a deadlock PostgreSQL broke left nothing written, so it is sent again,
      // after a short random pause that lets the transaction it gave way to take the rows first (sent at once, it
      // could lock the same row again before that one woke up, and meet it in the same cycle)
      if (attempt >= MOVE_ATTEMPTS || db.isTransaction || !isTransientConflict(e)) throw e;
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 20 * attempt));
    }
  }
}

/** PostgreSQL: data-modifying CTEs around the version-checked `UPDATE … RETURNING` (v(i): the i-th value of writeMove). */
function postgresMove(v: (i: number) => unknown) {
  const [id, version, from, to, status, kind, reason, lostReason, override, actor, at, entered, closed, diff] = Array.from({ length: 14 }, (_, i) => v(i));
  // the month roll-ups' delta: the re-derived visits (x, with the opportunity's columns from u) in, the rows they replace out
  const deltaRows = sql`select u.pipeline_id, x.to_stage_id as stage_id, u.owner_id, u.amount_fen, x.at as entered_at, x.left_at, 1 as sg, u.id as opportunity_id from x cross join u
          union all select o.pipeline_id, o.stage_id, o.owner_id, o.amount_fen, o.entered_at, o.left_at, -1 as sg, o.opportunity_id from stage_visits o
            where o.opportunity_id = ${id} and o.entered_at >= coalesce((select max(p.at) from stage_events p where p.opportunity_id = ${id} and p.kind <> 'stay' and p.at < ${at}::bigint), ${at}::bigint)`;
  return sql`with u as (
        update opportunities set stage_id = ${to}, status = ${status}, version = version + 1, updated_at = ${at},
          stage_entered_at = ${entered}, closed_at = ${closed}, lost_reason = ${lostReason}
        where id = ${id} and version = ${version} returning ${RETURNING}),
      e as (
        insert into stage_events (opportunity_id, from_stage_id, to_stage_id, kind, reason, override, actor_id, at)
        select u.id, ${from}::bigint, u.stage_id, ${kind}::text, ${reason}::text, ${override}::int, ${actor}::bigint, u.updated_at from u
        returning id, opportunity_id, to_stage_id, from_stage_id, kind, at),
      x as (
        select y.id, y.opportunity_id, y.to_stage_id, y.from_stage_id, y.kind, y.at, lead(y.at) over (order by y.at, y.id) as left_at, lead(y.kind) over (order by y.at, y.id) as left_kind
        from (select s.id, s.opportunity_id, s.to_stage_id, s.from_stage_id, s.kind, s.at from stage_events s where s.opportunity_id = ${id} and s.kind <> 'stay'
                and s.at >= coalesce((select max(p.at) from stage_events p where p.opportunity_id = ${id} and p.kind <> 'stay' and p.at < ${at}::bigint), ${at}::bigint)
              union all select e.id, e.opportunity_id, e.to_stage_id, e.from_stage_id, e.kind, e.at from e where e.kind <> 'stay') y),
      v as (
        insert into stage_visits (id, opportunity_id, pipeline_id, stage_id, from_stage_id, enter_kind, owner_id, team_id, customer_id, source, amount_fen, entered_at, left_at, left_kind)
        select x.id, x.opportunity_id, u.pipeline_id, x.to_stage_id, x.from_stage_id, x.kind, u.owner_id, w.team_id, u.customer_id, u.source, u.amount_fen, x.at, x.left_at, x.left_kind
        from x cross join u left join users w on w.id = u.owner_id
        on conflict (id) do update set left_at = excluded.left_at, left_kind = excluded.left_kind
        where (stage_visits.left_at, stage_visits.left_kind) is distinct from (excluded.left_at, excluded.left_kind)),
      vm as (${visitMonthsDelta(deltaRows, VISIT_MONTHS_OFFSET_SQL, true)}),
      vd as (${visitDaysDelta(deltaRows, VISIT_MONTHS_OFFSET_SQL, true)}),
      r as (
        update opportunity_reach r set status = u.status, stages = case when ${kind}::text = 'stay' or r.stages like ('%,' || u.stage_id || ',%') then r.stages
          else (select ${sql.raw(STAGE_SET)} from (
            select s.to_stage_id as s from stage_events s where s.opportunity_id = u.id and s.kind <> 'stay'
            union select e.to_stage_id from e where e.kind <> 'stay') z) end
        from u where r.opportunity_id = u.id),
      a as (
        insert into audit_log (actor_id, entity, entity_id, action, diff, at)
        select ${actor}::bigint, 'opportunity', u.id, ${kind}::text, ${diff}::text, u.updated_at from u),
      ${MOVED_CUSTOMER_DEALS},
      ${MOVED_FORECAST_CELL}
      select u.version from u ${sql.raw(ALWAYS_NAMED)}`;
}

/** SQLite (no DML in CTEs): an insert into the move view, whose INSTEAD OF trigger does the writes. */
function sqliteMove(v: (i: number) => unknown) {
  return sql`insert into ${sql.raw(MOVE_VIEW)} (opportunity_id, version, from_stage_id, to_stage_id, status, kind, reason, lost_reason, override, actor_id, at, stage_entered_at, closed_at, diff)
      values (${sql.join(Array.from({ length: 14 }, (_, i) => v(i)))})`;
}
