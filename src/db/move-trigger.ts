/**
 * SQLite's one-statement stage move (src/opportunities/move-store.ts): an insert into the `opportunity_moves` view
 * runs, in its INSTEAD OF trigger, the version check, the opportunity's update, its stage event, its stage visits
 * re-derived from its events (as src/readmodels/stage-visits.ts does) with their month roll-up (the re-derived visits
 * taken away before and added after, src/readmodels/visit-months.ts), its reach row's status and stage set, its
 * customer's deal facts (as src/readmodels/customer-deals.ts derives them), its forecast cell (as
 * src/readmodels/forecast-cells.ts derives it) and the audit row — atomically, as one statement.
 * Only the visits a new event can change are re-derived (VISIT_SUFFIX in src/opportunities/move-store.ts says why).
 *
 * Not a migration: SQLite refuses `ALTER TABLE … RENAME` (the table-rebuild pattern of migrations) while any trigger
 * names a missing table, so migrate() drops the view and trigger before pending migrations and creates them after.
 */
import { type Kysely, sql } from "kysely";
import { DEAL_FACT_COLUMNS, dealFactsSql, dealRowsSql } from "../readmodels/deal-facts-sql";
import { shardSql } from "../readmodels/stamps";
import { cellsSql, FORECAST_CELL_COLUMNS, sameCellSql } from "../readmodels/forecast-cells";
import { STAGE_SET } from "../readmodels/opportunity-reach";
import { visitDaysDelta } from "../readmodels/visit-days";
import { VISIT_MONTHS_OFFSET_SQL, visitMonthsDelta, visitRows } from "../readmodels/visit-months";
import { isPostgres } from "./dialect";

export const MOVE_VIEW = "opportunity_moves";
export const MOVE_CONFLICT = "jindou:move_version_conflict";
// Named by version: a changed body gets a new name, so ensureMoveTrigger replaces the old one on existing databases.
const TRIGGER = "opportunity_moves_write_v10";
const OLD_TRIGGERS = [
  "opportunity_moves_write",
  "opportunity_moves_write_v2",
  "opportunity_moves_write_v3",
  "opportunity_moves_write_v4",
  "opportunity_moves_write_v5",
  "opportunity_moves_write_v6",
  "opportunity_moves_write_v7",
  "opportunity_moves_write_v8",
  "opportunity_moves_write_v9",
];
/** The moved opportunity's customer, inside the trigger (after the update). */
const MOVED = "(select customer_id from opportunities where id = new.opportunity_id)";
/** Where the re-derived visits begin: VISIT_SUFFIX of src/opportunities/move-store.ts. */
const SUFFIX = "coalesce((select max(p.at) from stage_events p where p.opportunity_id = new.opportunity_id and p.kind <> 'stay' and p.at < new.at), new.at)";

/** The month roll-up's delta for the moved opportunity's re-derived visits, as they are at that point of the trigger (SQL text). */
function suffixMonths(db: Kysely<any>, sg: 1 | -1): string {
  const rows = visitRows(sql.raw(`v.opportunity_id = new.opportunity_id and v.entered_at >= ${SUFFIX}`), sg);
  return [visitMonthsDelta(rows, VISIT_MONTHS_OFFSET_SQL, false), visitDaysDelta(rows, VISIT_MONTHS_OFFSET_SQL, false)]
    .map((q) => {
      const c = q.compile(db);
      if (c.parameters.length) throw new Error("the trigger's roll-up statements must take no parameters");
      return c.sql;
    })
    .join(";\n    ");
}

const COLUMNS = [
  "opportunity_id",
  "version",
  "from_stage_id",
  "to_stage_id",
  "status",
  "kind",
  "reason",
  "lost_reason",
  "override",
  "actor_id",
  "at",
  "stage_entered_at",
  "closed_at",
  "diff",
];

export async function dropMoveTrigger(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  for (const t of [TRIGGER, ...OLD_TRIGGERS]) await sql.raw(`drop trigger if exists ${t}`).execute(db);
  await sql.raw(`drop view if exists ${MOVE_VIEW}`).execute(db);
}

export async function ensureMoveTrigger(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  for (const t of OLD_TRIGGERS) await sql.raw(`drop trigger if exists ${t}`).execute(db);
  await sql.raw(`create view if not exists ${MOVE_VIEW} as select ${COLUMNS.map((c) => `null as ${c}`).join(", ")} where 0`).execute(db);
  await sql
    .raw(`create trigger if not exists ${TRIGGER} instead of insert on ${MOVE_VIEW} begin
    select raise(abort, '${MOVE_CONFLICT}') where not exists (select 1 from opportunities where id = new.opportunity_id and version = new.version);
    update opportunities set stage_id = new.to_stage_id, status = new.status, version = new.version + 1, updated_at = new.at,
      stage_entered_at = new.stage_entered_at, closed_at = new.closed_at, lost_reason = new.lost_reason
    where id = new.opportunity_id;
    insert into stage_events (opportunity_id, from_stage_id, to_stage_id, kind, reason, override, actor_id, at)
    values (new.opportunity_id, new.from_stage_id, new.to_stage_id, new.kind, new.reason, new.override, new.actor_id, new.at);
    ${suffixMonths(db, -1)};
    insert into stage_visits (id, opportunity_id, pipeline_id, stage_id, from_stage_id, enter_kind, owner_id, team_id, customer_id, source, amount_fen, entered_at, left_at, left_kind)
    select x.id, x.opportunity_id, o.pipeline_id, x.to_stage_id, x.from_stage_id, x.kind, o.owner_id, u.team_id, o.customer_id, o.source, o.amount_fen, x.at, x.left_at, x.left_kind
    from (select e.id, e.opportunity_id, e.to_stage_id, e.from_stage_id, e.kind, e.at,
            lead(e.at) over (order by e.at, e.id) as left_at, lead(e.kind) over (order by e.at, e.id) as left_kind
          from stage_events e where e.opportunity_id = new.opportunity_id and e.kind <> 'stay'
            and e.at >= ${SUFFIX}) x
    join opportunities o on o.id = x.opportunity_id left join users u on u.id = o.owner_id
    where true
    on conflict (id) do update set left_at = excluded.left_at, left_kind = excluded.left_kind
    where stage_visits.left_at is not excluded.left_at or stage_visits.left_kind is not excluded.left_kind;
    ${suffixMonths(db, 1)};
    update opportunity_reach set status = new.status, stages = case when new.kind = 'stay' or stages like ('%,' || new.to_stage_id || ',%') then stages
      else (select ${STAGE_SET} from (
        select distinct e.to_stage_id as s from stage_events e where e.opportunity_id = new.opportunity_id and e.kind <> 'stay') z) end
    where opportunity_id = new.opportunity_id;
    delete from customer_deal_facts where customer_id = ${MOVED};
    insert into customer_deal_facts (${DEAL_FACT_COLUMNS}) ${dealFactsSql(dealRowsSql(`o.customer_id = ${MOVED}`))};
    delete from forecast_cells where (owner_id, close_month, forecast_category) in (
      select owner_id, substr(expected_close_date, 1, 7), forecast_category from opportunities where id = new.opportunity_id);
    insert into forecast_cells (${FORECAST_CELL_COLUMNS}) ${cellsSql(sameCellSql("m"), "join opportunities m on m.id = new.opportunity_id")};
    update read_model_stamps set version = version + 1 where model = 'deals' and shard = (select ${shardSql("customer_id")} from opportunities where id = new.opportunity_id);
    insert into audit_log (actor_id, entity, entity_id, action, diff, at)
    values (new.actor_id, 'opportunity', new.opportunity_id, new.kind, new.diff, new.at);
  end`)
    .execute(db);
}
