/**
 * Rebuilding read models from the source of truth (`jindou rebuild <model>|all`, restore, demo data, opening a
 * database whose models were never built), and the check that a model equals its rebuild (tests, `--check`).
 */
import { sql } from "kysely";
import { zonedParts } from "../core/dates";
import type { DbOrTx } from "../db/tx";
import { rebuildActivityMonths } from "./activity-months";
import { rebuildCloseDateChanges } from "./close-date-changes";
import { rebuildContractCash } from "./contract-cash";
import { rebuildCustomerDeals } from "./customer-deals";
import { rebuildCustomerMonths } from "./customer-months";
import { rebuildFirstDeals } from "./first-deals";
import { rebuildForecastCells } from "./forecast-cells";
import { MODELS, type ModelName } from "./names";
import { rebuildFacts } from "./opportunity-facts";
import { rebuildReach } from "./opportunity-reach";
import { rebuildVisits } from "./stage-visits";
import { ALL_OWNERS_DAYS, visitDaysRebuildDelta } from "./visit-days";
import { rebuildFromVisits, visitMonthsDelta } from "./visit-months";

export { MODELS, type ModelName };
/**
 * Each model's table (its row count is the rebuild's) and the further tables it keeps in step (`also`); `rows`: the
 * rows that count (a delta-kept roll-up may hold rows of zeros the rebuild omits); `fold`: the rows as compared with
 * the rebuild, when live writes lay them out otherwise (the day roll-up's all-owners delta shards).
 */
export const TABLE_OF: Record<ModelName, { table: string; key: string; rows?: string; fold?: string; also?: Array<{ table: string; key: string }> }> = {
  visits: { table: "stage_visits", key: "id" },
  orders: { table: "customer_months", key: "customer_id, month" },
  facts: { table: "opportunity_facts", key: "opportunity_id" },
  firsts: { table: "customer_first_deals", key: "customer_id" },
  cash: {
    table: "contract_cash",
    key: "contract_id",
    also: [
      { table: "instalment_open", key: "contract_id, seq" },
      { table: "payment_counted", key: "payment_id" },
      { table: "signed_customers", key: "customer_id" },
      { table: "commission_cells", key: "period, owner_id" },
      { table: "commission_credit", key: "contract_id" },
    ],
  },
  reach: { table: "opportunity_reach", key: "opportunity_id" },
  closes: { table: "close_date_changes", key: "audit_id" },
  deals: { table: "customer_deal_facts", key: "customer_id" },
  activities: { table: "customer_activity_months", key: "customer_id, month" },
  forecast: { table: "forecast_cells", key: "owner_id, close_month, forecast_category" },
  vmonths: {
    table: "stage_visit_months",
    key: "pipeline_id, owner_id, stage_id, month",
    rows: "entered <> 0 or left_n <> 0 or entered_fen <> 0 or left_fen <> 0",
  },
  vdays: {
    table: "stage_visit_days",
    key: "pipeline_id, owner_id, stage_id, month, days",
    rows: "n <> 0 or sum_ms <> 0",
    fold: `select pipeline_id, case when owner_id < 0 then ${ALL_OWNERS_DAYS} else owner_id end as owner_id, stage_id, month, days, sum(n) as n, sum(sum_ms) as sum_ms
      from stage_visit_days group by pipeline_id, case when owner_id < 0 then ${ALL_OWNERS_DAYS} else owner_id end, stage_id, month, days`,
  },
};

export type Progress = (model: ModelName, done: number, total: number) => void;

/** The zone's UTC offset at an instant, in ms (months are cut at a fixed offset: exact for zones without DST). */
export function fixedOffsetMs(tz: string, at: number): number {
  const p = zonedParts(at, tz);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}

export const orgZone = (): string => process.env.TZ_ORG || "Asia/Shanghai";

async function markBuilt(db: DbOrTx, model: ModelName, offsetMs: number, now: number) {
  await sql`delete from read_model_state where model = ${model}`.execute(db);
  await sql`insert into read_model_state (model, offset_ms, built_at) values (${model}, ${offsetMs}, ${now})`.execute(db);
}

export async function rebuild(db: DbOrTx, model: ModelName, opts: { tz?: string; now?: number; onProgress?: Progress } = {}): Promise<number> {
  const now = opts.now ?? Date.now();
  const offset = fixedOffsetMs(opts.tz ?? orgZone(), now);
  const p = (done: number, total: number) => opts.onProgress?.(model, done, total);
  if (model === "visits") await rebuildVisits(db, p);
  else if (model === "orders") await rebuildCustomerMonths(db, offset, now, p);
  else if (model === "facts") await rebuildFacts(db, p);
  else if (model === "reach") await rebuildReach(db, p);
  else if (model === "cash") await rebuildContractCash(db, opts.tz ?? orgZone(), p);
  else if (model === "closes") await rebuildCloseDateChanges(db, p);
  else if (model === "deals") await rebuildCustomerDeals(db, p);
  else if (model === "activities") await rebuildActivityMonths(db, offset, p);
  else if (model === "forecast") await rebuildForecastCells(db, p);
  else if (model === "vmonths") await rebuildFromVisits(db, "stage_visit_months", visitMonthsDelta, null, offset, p);
  else if (model === "vdays") await rebuildFromVisits(db, "stage_visit_days", visitDaysRebuildDelta, sql`v.left_at is not null`, offset, p);
  else await rebuildFirstDeals(db, p);
  await markBuilt(db, model, offset, now);
  const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(TABLE_OF[model].table)}`.execute(db);
  return Number(r.rows[0].n);
}

export async function rebuildAll(db: DbOrTx, opts: { tz?: string; now?: number; onProgress?: Progress } = {}): Promise<Record<ModelName, number>> {
  const out = {} as Record<ModelName, number>;
  for (const m of MODELS) out[m] = await rebuild(db, m, opts);
  return out;
}

/**
 * Models that must be rebuilt before reports can trust them: never built on a database that has source rows
 * (a database upgraded to migration 065), or months cut at another zone offset than `tz`'s.
 */
export async function staleModels(db: DbOrTx, tz: string, now: number): Promise<ModelName[]> {
  const state = new Map(
    (await sql<{ model: string; offset_ms: number }>`select model, offset_ms from read_model_state`.execute(db)).rows.map((r) => [
      r.model,
      Number(r.offset_ms),
    ]),
  );
  const has = async (table: string) => (await sql`select 1 as x from ${sql.table(table)} limit 1`.execute(db)).rows.length > 0;
  const out: ModelName[] = [];
  if (!state.has("visits") && (await has("stage_events"))) out.push("visits");
  const off = fixedOffsetMs(tz, now);
  if (state.has("customer_months") ? state.get("customer_months") !== off : await has("orders")) out.push("orders");
  if (!state.has("facts") && (await has("opportunities"))) out.push("facts");
  if (!state.has("firsts") && (await has("opportunities"))) out.push("firsts");
  if (!state.has("reach") && (await has("opportunities"))) out.push("reach");
  // local days of the cash model are the zone's: rebuilt when never built or built at another offset
  if (state.has("cash") ? state.get("cash") !== off : await has("contracts")) out.push("cash");
  if (!state.has("closes") && (await has("audit_log"))) out.push("closes");
  if (!state.has("deals") && (await has("opportunities"))) out.push("deals");
  if (!state.has("forecast") && (await has("opportunities"))) out.push("forecast");
  if (state.has("activities") ? state.get("activities") !== off : await has("activities")) out.push("activities");
  if (state.has("vmonths") ? state.get("vmonths") !== off : await has("stage_events")) out.push("vmonths");
  if (state.has("vdays") ? state.get("vdays") !== off : await has("stage_events")) out.push("vdays");
  return out;
}

/**
 * Rows of a model's tables in key order, for comparing a maintained model with its rebuild: its table's rows, then
 * the rows of each further table it keeps, each tagged with `_table`.
 */
export async function modelRows(db: DbOrTx, model: ModelName): Promise<Record<string, unknown>[]> {
  const { table, key, rows, fold, also = [] } = TABLE_OF[model];
  const out = await tableRows(db, fold ? `(${fold})` : table, key, rows);
  for (const t of also) for (const row of await tableRows(db, t.table, t.key)) out.push({ _table: t.table, ...row });
  return out;
}

async function tableRows(db: DbOrTx, table: string, key: string, rows?: string): Promise<Record<string, unknown>[]> {
  const from = table.startsWith("(") ? sql.raw(`${table} f`) : sql.table(table);
  const r = await sql<Record<string, unknown>>`select * from ${from} ${rows ? sql.raw(`where ${rows}`) : sql``} order by ${sql.raw(key)}`.execute(db);
  return r.rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v == null ? null : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v])),
  );
}
