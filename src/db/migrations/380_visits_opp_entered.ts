/**
 * Stage visits by (opportunity_id, entered_at), replacing the index on opportunity_id alone (issue 10, move path).
 * The one-statement move takes the moved deal's re-derived visits (those entered since its previous event) out of
 * the month and day roll-ups and adds them back; by opportunity alone that read went through every visit the deal
 * ever had, so a deal moved back and forth got slower with each move (SQLite CPU per move 0.9 → 1.8 ms within 18 s of
 * bench/moves.ts). The new index finds the suffix as a range and still answers every lookup by opportunity.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("stage_visits_opp_entered").ifNotExists().on("stage_visits").columns(["opportunity_id", "entered_at"]).execute();
  await db.schema.dropIndex("stage_visits_opp").ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("stage_visits_opp").ifNotExists().on("stage_visits").columns(["opportunity_id"]).execute();
  await db.schema.dropIndex("stage_visits_opp_entered").ifExists().execute();
}
