/** Customer tiering and value: tier history, satisfaction entries and KAISM scores. */
import type { Id, Ms } from "./columns";

export interface TierAssignmentsTable {
  id: Id;
  customer_id: number;
  scheme: string;
  tier: string;
  score: number | null;
  computed_at: Ms;
}
export interface SatisfactionTable {
  id: Id;
  customer_id: number;
  kind: "csat" | "nps";
  score: number;
  note: string | null;
  at: Ms;
  created_by: number;
}
export interface KaismScoresTable {
  id: Id;
  customer_id: number;
  criterion: string;
  score: number;
  updated_by: number;
  updated_at: Ms;
}
/** The tables of this file, by name (src/db/schema.ts joins them into Database). */
export interface TieringSchema {
  tier_assignments: TierAssignmentsTable;
  satisfaction: SatisfactionTable;
  kaism_scores: KaismScoresTable;
}
