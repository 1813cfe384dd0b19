/**
 * The hand-written move of the bare reference (bench/bare-server.ts): the gate's rules for advance and back, the JSON
 * answer Jindou gives (src/opportunities/store.ts opportunityView's fields), and the SQLite writes in one transaction.
 */
import type SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { visitDaysDelta } from "../src/readmodels/visit-days";
import { VISIT_MONTHS_OFFSET_SQL, visitMonthsDelta, visitRows } from "../src/readmodels/visit-months";
import { DEAL_FACT_COLUMNS, dealFactsSql, dealRowsSql } from "../src/readmodels/deal-facts-sql";
import { shardSql } from "../src/readmodels/stamps";
import { cellsSql, FORECAST_CELL_COLUMNS, sameCellSql } from "../src/readmodels/forecast-cells";

export interface BareUser {
  id: number;
  departmentId: number | null;
  readOnly: boolean;
  /** data scope 全部 (else 本人) */
  all: boolean;
}

export interface BareRow {
  id: number;
  external_id: string | null;
  pipeline_id: number;
  stage_id: number;
  customer_id: number;
  owner_id: number;
  title: string;
  amount_fen: number;
  units: number;
  product: string | null;
  expected_close_date: string | null;
  source: string | null;
  forecast_category: string;
  probability_override: number | null;
  status: string;
  lost_reason: string | null;
  closed_at: number | null;
  stage_entered_at: number;
  created_at: number;
  updated_at: number;
  version: number;
  config_version: number;
  checklist_rule: string;
  customer_name: string;
  owner_name: string | null;
  next_activity_at: number | null;
  last_activity_at: number | null;
  checked: string | null;
}

export interface BareStage {
  id: number;
  position: number;
  kind: string;
  key: string;
  name_zh: string;
  name_en: string;
  probability: number;
  stall_days: number | null;
  criteria: number[];
}

/** The stage rows joined with their criteria, one stage each with its criterion ids (in position order). */
export function groupStages(rows: Array<Omit<BareStage, "criteria"> & { criterion_id: number | null }>): BareStage[] {
  const byId = new Map<number, BareStage>();
  for (const { criterion_id, ...r } of rows) {
    let st = byId.get(r.id);
    if (!st) byId.set(r.id, (st = { ...r, criteria: [] }));
    if (criterion_id != null) st.criteria.push(criterion_id);
  }
  return [...byId.values()];
}

export interface MoveArgs {
  id: number;
  version: number;
  from: number;
  to: number;
  kind: string;
  status: string;
  reason: string | null;
  override: boolean;
  actor: number;
  at: number;
  stageEnteredAt: number;
  closedAt: number | null;
  lostReason: string | null;
  diff: string;
}

type Gate = Pick<MoveArgs, "to" | "kind" | "status" | "reason" | "override" | "diff"> | { error: string };

/** Advance (the next open stage; the current stage's checklist complete, or overridden with a reason) and back (an earlier open stage, with a reason). */
export function bareGate(stages: BareStage[], o: BareRow, body: { action: string; toStageId?: number; reason?: string; override?: boolean }): Gate {
  if (o.status !== "open") return { error: "RULE" };
  const open = stages.filter((s) => s.kind === "open");
  const i = open.findIndex((s) => s.id === o.stage_id);
  if (i < 0) return { error: "RULE" };
  const reason = body.reason?.trim() || null;
  let to: BareStage | undefined;
  let override = false;
  if (body.action === "advance") {
    to = open[i + 1];
    if (!to || (body.toStageId != null && body.toStageId !== to.id)) return { error: "STAGE_SKIPPED" };
    const checked = new Set(o.checked ? String(o.checked).split(",").map(Number) : []);
    const missing = open[i].criteria.some((c) => !checked.has(c));
    if (missing) {
      if (o.checklist_rule === "strict" || !body.override) return { error: "CHECKLIST_INCOMPLETE" };
      if (!reason) return { error: "REASON_REQUIRED" };
      override = true;
    }
  } else if (body.action === "back") {
    to = open.find((s) => s.id === body.toStageId);
    if (!to || to.position >= open[i].position) return { error: "INVALID" };
    if (!reason) return { error: "REASON_REQUIRED" };
  } else return { error: "INVALID" };
  const diff = JSON.stringify({ stage: [o.stage_id, to.id], status: ["open", "open"], reason, lostReason: null, override });
  return { to: to.id, kind: body.action, status: "open", reason, override, diff };
}

/** The answer's JSON: the opportunity as Jindou shows it. */
export function bareAnswer(o: Omit<BareRow, "checked" | "config_version" | "checklist_rule">, stages: BareStage[], now: number) {
  const st = stages.find((s) => s.id === o.stage_id)!;
  const daysInStage = Math.floor((now - o.stage_entered_at) / 86_400_000);
  return {
    id: o.id,
    externalId: o.external_id,
    pipelineId: o.pipeline_id,
    stageId: o.stage_id,
    stageKey: st.key,
    stageNameZh: st.name_zh,
    stageNameEn: st.name_en,
    probability: o.probability_override ?? st.probability,
    customerId: o.customer_id,
    customerName: o.customer_name,
    ownerId: o.owner_id,
    ownerName: o.owner_name,
    title: o.title,
    amountFen: o.amount_fen,
    units: o.units,
    product: o.product,
    expectedCloseDate: o.expected_close_date,
    source: o.source,
    forecastCategory: o.forecast_category,
    probabilityOverride: o.probability_override,
    status: o.status,
    lostReason: o.lost_reason,
    closedAt: o.closed_at,
    stageEnteredAt: o.stage_entered_at,
    daysInStage,
    stalled: o.status === "open" && st.stall_days != null && daysInStage > st.stall_days,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    version: o.version,
    nextActivityAt: o.next_activity_at == null ? null : Number(o.next_activity_at),
    lastActivityAt: o.last_activity_at == null ? null : Number(o.last_activity_at),
  };
}

/**
 * SQLite: the version-checked update, the event, the open visit closed (the one the latest non-stay event entered,
 * found through the events' (opportunity, at) index), the new visit, the reach row, the customer's deal facts (the
 * row re-derived from the customer's opportunities, with the aggregate text of src/readmodels/deal-facts-sql.ts) and
 * its stamp shard, the visits' month and day roll-ups (stage_visit_months, stage_visit_days: the open visit taken away
 * before it is closed, the closed and the new visit added after; the upserts' text is src/readmodels/visit-months.ts's),
 * the deal's forecast cell (re-derived from the cell's open deals, src/readmodels/forecast-cells.ts's text) and the
 * audit row, in one transaction.
 */
export function bareMoveWriter(db: SQLite.Database): (a: MoveArgs) => boolean {
  const upd = db.prepare(
    `update opportunities set stage_id = ?, status = ?, version = version + 1, stage_entered_at = ?, updated_at = ?, closed_at = ?, lost_reason = ?
     where id = ? and version = ? returning version, customer_id`,
  );
  const close = db.prepare(`update stage_visits set left_at = ?, left_kind = ? where left_at is null and id = (select p.id from stage_events p
    where p.opportunity_id = ? and p.kind <> 'stay' order by p.at desc, p.id desc limit 1)`);
  const ev = db.prepare(
    "insert into stage_events (opportunity_id, from_stage_id, to_stage_id, kind, reason, override, actor_id, at) values (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const visit =
    db.prepare(`insert into stage_visits (id, opportunity_id, pipeline_id, stage_id, from_stage_id, enter_kind, owner_id, team_id, customer_id, source, amount_fen, entered_at)
    select ?, o.id, o.pipeline_id, o.stage_id, ?, ?, o.owner_id, w.team_id, o.customer_id, o.source, o.amount_fen, ? from opportunities o
    left join users w on w.id = o.owner_id where o.id = ?`);
  // the reach row: the new status, and the stage set re-derived only when the move enters a stage not yet in it
  const reach = db.prepare(`update opportunity_reach set status = ?, stages = case when stages like ('%,' || ? || ',%') then stages
    else (select ',' || string_agg(cast(z.s as text), ',' order by z.s) || ',' from (select distinct e.to_stage_id as s from stage_events e
      where e.opportunity_id = ? and e.kind <> 'stay') z) end where opportunity_id = ?`);
  const dealsGone = db.prepare("delete from customer_deal_facts where customer_id = ?");
  const deals = db.prepare(`insert into customer_deal_facts (${DEAL_FACT_COLUMNS}) ${dealFactsSql(dealRowsSql("o.customer_id = ?"))}`);
  const stamp = db.prepare(`update read_model_stamps set version = version + 1 where model = 'deals' and shard = ${shardSql("?")}`);
  // the roll-ups' upserts for the visits matching a condition (named parameters), as text compiled once
  const k = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) });
  const rollUps = (cond: string, sg: 1 | -1) =>
    [visitMonthsDelta, visitDaysDelta].map((delta) => db.prepare(delta(visitRows(sql.raw(cond), sg), VISIT_MONTHS_OFFSET_SQL, false).compile(k).sql));
  const openVisit = db.prepare("select p.id from stage_events p where p.opportunity_id = ? and p.kind <> 'stay' order by p.at desc, p.id desc limit 1");
  const takeOpen = rollUps("v.id = @closed and v.left_at is null", -1);
  const addChanged = rollUps("v.id = @added or (v.id = @closed and @wasOpen = 1)", 1);
  const cellGone = db.prepare(`delete from forecast_cells where (owner_id, close_month, forecast_category) in (
    select owner_id, substr(expected_close_date, 1, 7), forecast_category from opportunities where id = ?)`);
  const cell = db.prepare(`insert into forecast_cells (${FORECAST_CELL_COLUMNS}) ${cellsSql(sameCellSql("m"), "join opportunities m on m.id = ?")}`);
  const au = db.prepare("insert into audit_log (actor_id, entity, entity_id, action, diff, at) values (?, 'opportunity', ?, ?, ?, ?)");
  return db.transaction((a: MoveArgs) => {
    const row = upd.get(a.to, a.status, a.stageEnteredAt, a.at, a.closedAt, a.lostReason, a.id, a.version) as { customer_id: number } | undefined;
    if (!row) return false;
    const closed = (openVisit.get(a.id) as { id: number } | undefined)?.id ?? -1;
    for (const s of takeOpen) s.run({ closed });
    const wasOpen = close.run(a.at, a.kind, a.id).changes;
    const e = ev.run(a.id, a.from, a.to, a.kind, a.reason, a.override ? 1 : 0, a.actor, a.at);
    visit.run(e.lastInsertRowid, a.from, a.kind, a.at, a.id);
    for (const s of addChanged) s.run({ closed, added: e.lastInsertRowid, wasOpen });
    reach.run(a.status, a.to, a.id, a.id);
    dealsGone.run(row.customer_id);
    deals.run(row.customer_id);
    stamp.run(row.customer_id);
    cellGone.run(a.id);
    cell.run(a.id);
    au.run(a.actor, a.id, a.kind, a.diff, a.at);
    return true;
  });
}
