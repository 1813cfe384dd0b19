/**
 * The month and day roll-ups of stage visits (migrations 310, 311) keep their sums over every owner in 16 rows a cell
 * under negative owner ids instead of one row under owner 0 (src/readmodels/visit-months.ts, allOwnersSql), so
 * concurrent stage moves on PostgreSQL no longer queue on one row's lock. The rows already built are laid out the old
 * way: they are emptied and both models marked unbuilt, so the next open rebuilds them (as `jindou rebuild vmonths`
 * and `vdays` do).
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from stage_visit_months`.execute(db);
  await sql`delete from stage_visit_days`.execute(db);
  await sql`delete from read_model_state where model in ('vmonths', 'vdays')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await up(db);
}
