/**
 * The day roll-up of stage visits (migration 311) keeps its sums over every owner in one row a cell again, under owner
 * id −1 (src/readmodels/visit-days.ts, ALL_OWNERS_DAYS), instead of the 16 shard rows of migration 381, which made the
 * whole base's cycle time and stall histograms read 16 rows a cell. The rows already built are laid out the sharded
 * way: they are emptied and the model marked unbuilt, so the next open rebuilds it (as `jindou rebuild vdays` does).
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from stage_visit_days`.execute(db);
  await sql`delete from read_model_state where model = 'vdays'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await up(db);
}
