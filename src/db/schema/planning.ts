/** Targets, forecasts (submissions, snapshots, win models and predictions) and funnel scenarios. */
import type { Generated } from "kysely";
import type { Id, Ms } from "./columns";

export interface TargetsTable {
  id: Id;
  scope: "user" | "team" | "company";
  scope_id: number | null;
  period: string;
  amount_fen: number | null;
  units: number | null;
  updated_at: Ms;
  version: Generated<number>;
}
export interface ForecastSubmissionsTable {
  id: Id;
  user_id: number;
  period: string;
  week: string;
  commit_fen: number;
  best_case_fen: number;
  note: string | null;
  submitted_at: Ms;
  adjusted_by: number | null;
  adjusted_commit_fen: number | null;
  adjusted_best_case_fen: number | null;
  adjust_note: string | null;
}
export interface ForecastSnapshotsTable {
  id: Id;
  period: string;
  week: string;
  scope: "user" | "team" | "company";
  scope_id: number | null;
  taken_at: Ms;
  commit_fen: number;
  best_case_fen: number;
  pipeline_fen: number;
  omitted_fen: number;
  weighted_fen: number;
  won_fen: number;
}
export interface WinModelsTable {
  id: Id;
  trained_at: Ms;
  trained_by: number | null;
  params: string;
  evaluation: string;
}
export interface WinPredictionsTable {
  opportunity_id: number;
  model_id: number;
  probability: number;
  factors: string;
  scored_at: Ms;
}
export interface FunnelScenariosTable {
  id: Id;
  name: string;
  population: number;
  price_fen: number;
  steps: string;
  created_by: number;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
/** The tables of this file, by name (src/db/schema.ts joins them into Database). */
export interface PlanningSchema {
  targets: TargetsTable;
  forecast_submissions: ForecastSubmissionsTable;
  forecast_snapshots: ForecastSnapshotsTable;
  win_models: WinModelsTable;
  win_predictions: WinPredictionsTable;
  funnel_scenarios: FunnelScenariosTable;
}
