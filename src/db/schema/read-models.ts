/** Read models (migration 065 on, src/readmodels/): derived from the source tables, rebuilt by `jindou rebuild`. */
import type { Generated } from "kysely";
import type { Ms } from "./columns";
import type { StageEventKind } from "./pipelines";

// 065_read_models
export interface StageVisitsTable {
  id: number;
  opportunity_id: number;
  pipeline_id: number;
  stage_id: number;
  from_stage_id: number | null;
  enter_kind: StageEventKind;
  owner_id: number;
  team_id: number | null;
  customer_id: number;
  source: string | null;
  amount_fen: number;
  entered_at: Ms;
  left_at: Ms | null;
  left_kind: StageEventKind | null;
}
export interface CustomerMonthsTable {
  customer_id: number;
  month: number;
  orders: number;
  days: number;
  amount_fen: number;
  cost_fen: number;
  units: number;
  first_at: Ms;
  last_at: Ms;
  first_day: number;
  last_day: number;
  first_day_amount_fen: number;
}
export interface OpportunityFactsTable {
  opportunity_id: number;
  owner_id: number;
  /** the opportunity's customer when last derived (270): a later write knows which customer it left */
  customer_id: number | null;
  activities: number;
  last_activity_at: Ms | null;
  next_activity_at: Ms | null;
}
/** Read model (280): per opportunity, the stages it ever entered (`,12,13,`, ascending ids) with its scope columns and status. */
export interface OpportunityReachTable {
  opportunity_id: number;
  pipeline_id: number;
  owner_id: number;
  customer_id: number;
  source: string | null;
  status: string;
  created_at: Ms;
  stages: string | null;
}
/** Read model (310): per (pipeline, owner — 0 for all —, stage, month) the visits begun and ended in the month, counted and summed. */
export interface StageVisitMonthsTable {
  pipeline_id: number;
  owner_id: number;
  stage_id: number;
  month: number;
  entered: number;
  entered_fen: number;
  left_n: number;
  left_fen: number;
}
/** Read model (311): per (pipeline, owner — 0 for all —, stage, month ended, whole days) the ended visits and their summed durations. */
export interface StageVisitDaysTable {
  pipeline_id: number;
  owner_id: number;
  stage_id: number;
  month: number;
  days: number;
  n: number;
  sum_ms: number;
}
/** Read model (240): per customer, its first deal-pipeline opportunity's creation instant and id (lowest id on a tie). */
export interface CustomerFirstDealsTable {
  customer_id: number;
  first_at: Ms;
  opportunity_id: number;
}
export interface ReadModelStateTable {
  model: string;
  offset_ms: number;
  built_at: Ms;
  /** bumped by every change of the model (210_order_stamp) */
  version: Generated<number>;
}
// 260_cash_facts (issue 10): the cash reports' read model (src/readmodels/contract-cash.ts).
export interface ContractCashTable {
  contract_id: number;
  collected_fen: number;
  outstanding_fen: number;
  signed: number;
  fully_paid: number;
  paid_late: number;
  /** days since 1970-01-01 of the earliest unpaid instalment's due date; null when fully paid */
  open_due_day: number | null;
}
export interface InstalmentOpenTable {
  contract_id: number;
  seq: number;
  due_day: number;
  open_fen: number;
}
export interface PaymentCountedTable {
  payment_id: number;
  contract_id: number;
  received_at: Ms;
  counted_fen: number;
}
// 340_commission_cells (issue 10): the commission report's roll-up (src/readmodels/commission-cells.ts).
export interface CommissionCellsTable {
  /** a period key of parsePeriod: 2026, 2026-Q2, 2026-06, 2026-W24 */
  period: string;
  /** the deal's owner */
  owner_id: number;
  contracts: number;
  counted_fen: number;
}
export interface CommissionCreditTable {
  contract_id: number;
  /** the deal owner the contract's counted payments are credited to in commission_cells */
  owner_id: number;
}
// 290_close_date_changes (issue 10): the Friday view's close-date changes (src/readmodels/close-date-changes.ts).
export interface CloseDateChangesTable {
  /** the audit_log row the change was read from */
  audit_id: number;
  opportunity_id: number;
  /** the deal's current owner (the access rule's owner condition) */
  owner_id: number;
  changed_at: Ms;
  before_date: string | null;
  after_date: string | null;
}
// 320_forecast_cells (issue 10): open deals per owner, close month and forecast category (src/readmodels/forecast-cells.ts).
export interface ForecastCellsTable {
  owner_id: number;
  /** 'YYYY-MM' of the deal's expected close date */
  close_month: string;
  forecast_category: "commit" | "best_case" | "pipeline" | "omitted";
  deals: number;
  amount_fen: number;
  /** Σ amount_fen × probability in integer percent (the override when set, else the stage's) */
  weighted_pct: number;
}
/** The tables of this file, by name (src/db/schema.ts joins them into Database). */
/** Read model (270): per customer with opportunities, its won and lost deals and open pipeline. */
export interface CustomerDealFactsTable {
  customer_id: number;
  won: number;
  lost: number;
  open_count: number;
  open_amount_fen: number;
  /** Σ amount × probability (percent) over open deals */
  open_weighted_pct: number;
  max_probability: number | null;
  earliest_close: string | null;
}
/** Read model (270): activities done per customer and calendar month (the model's zone offset). */
export interface CustomerActivityMonthsTable {
  customer_id: number;
  month: number;
  done: number;
}
/** Stamps of the per-customer fact models (270): 64 version rows per model. */
export interface ReadModelStampsTable {
  model: string;
  shard: number;
  version: number;
}
export interface ReadModelsSchema {
  stage_visits: StageVisitsTable;
  customer_months: CustomerMonthsTable;
  opportunity_facts: OpportunityFactsTable;
  customer_first_deals: CustomerFirstDealsTable;
  opportunity_reach: OpportunityReachTable;
  stage_visit_months: StageVisitMonthsTable;
  stage_visit_days: StageVisitDaysTable;
  read_model_state: ReadModelStateTable;
  customer_deal_facts: CustomerDealFactsTable;
  customer_activity_months: CustomerActivityMonthsTable;
  read_model_stamps: ReadModelStampsTable;
  contract_cash: ContractCashTable;
  instalment_open: InstalmentOpenTable;
  payment_counted: PaymentCountedTable;
  close_date_changes: CloseDateChangesTable;
  forecast_cells: ForecastCellsTable;
  commission_cells: CommissionCellsTable;
  commission_credit: CommissionCreditTable;
}
