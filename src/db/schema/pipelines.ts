/** Pipelines, their stages, checklists and lost reasons; opportunities, ticked criteria and the stage events. */
import type { ColumnType, Generated } from "kysely";
import type { Id, Ms, PinyinColumn } from "./columns";

export type StageEventKind = "create" | "advance" | "back" | "stay" | "won" | "lost" | "reopen";
export interface PipelinesTable {
  id: Id;
  key: string;
  name_zh: string;
  name_en: string;
  kind: "deal" | "customer";
  skip_rule: "strict" | "warn";
  checklist_rule: "strict" | "warn";
  template: string | null;
  archived: number;
  created_at: Ms;
  version: Generated<number>;
  // 060_scale (issue 10)
  /** bumped by every change to the pipeline's rules, stages or criteria; the move path caches the gate's view by it */
  config_version: Generated<number>;
}
export interface StagesTable {
  id: Id;
  pipeline_id: number;
  position: number;
  key: string;
  name_zh: string;
  name_en: string;
  probability: number;
  kind: "open" | "won" | "lost";
  definition_zh: string | null;
  definition_en: string | null;
  stall_days: number | null;
  owner_role: string | null;
  target_conversion: number | null;
  // pipelines by the user (issue 12, migration 130)
  /** set when the stage was removed from its pipeline: kept so history and reports still name it */
  archived_at: ColumnType<Ms | null, Ms | null | undefined, Ms | null>;
}
export interface StageCriteriaTable {
  id: Id;
  stage_id: number;
  position: number;
  text_zh: string;
  text_en: string;
}
export interface StageActionsTable {
  id: Id;
  stage_id: number;
  position: number;
  text_zh: string;
  text_en: string;
}
export interface LostReasonsTable {
  id: Id;
  key: string;
  name_zh: string;
  name_en: string;
  active: number;
  position: number;
}
export interface OpportunitiesTable {
  id: Id;
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
  forecast_category: "commit" | "best_case" | "pipeline" | "omitted";
  probability_override: number | null;
  status: "open" | "won" | "lost";
  lost_reason: string | null;
  closed_at: Ms | null;
  stage_entered_at: Ms;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
  // search (issue 12, migration 160): the stored pinyin of the searched text
  search_pinyin: PinyinColumn;
}
export interface CriterionChecksTable {
  id: Id;
  opportunity_id: number;
  criterion_id: number;
  checked_by: number;
  checked_at: Ms;
  note: string | null;
}
export interface StageEventsTable {
  id: Id;
  opportunity_id: number;
  from_stage_id: number | null;
  to_stage_id: number;
  kind: StageEventKind;
  reason: string | null;
  override: number;
  actor_id: number | null;
  at: Ms;
  // 100_rules (issue 11)
  /** 1 when an import wrote the event (minimal path or history file); a history import replaces only these */
  imported: Generated<number>;
}
/** The tables of this file, by name (src/db/schema.ts joins them into Database). */
export interface PipelinesSchema {
  pipelines: PipelinesTable;
  stages: StagesTable;
  stage_criteria: StageCriteriaTable;
  stage_actions: StageActionsTable;
  lost_reasons: LostReasonsTable;
  opportunities: OpportunitiesTable;
  criterion_checks: CriterionChecksTable;
  stage_events: StageEventsTable;
}
