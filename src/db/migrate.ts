/** Runs the migrations listed in src/db/migrations/index.ts on either database. */
import { type MigrationResultSet, Migrator } from "kysely";
import type { Db } from "./connect";
import { migrations } from "./migrations/index";
import { dropMoveTrigger, ensureMoveTrigger } from "./move-trigger";

export async function migrate(db: Db): Promise<MigrationResultSet> {
  // Numbers are handed out per issue, so a lower number can land after higher ones: apply whatever is missing.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  // SQLite's move trigger names several tables; a migration that rebuilds one of them needs it out of the way.
  if ((await migrator.getMigrations()).some((m) => !m.executedAt)) await dropMoveTrigger(db);
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  await ensureMoveTrigger(db);
  return result;
}
