/** Runs the migrations listed in src/db/migrations/index.ts on either database. */
import { type MigrationResultSet, Migrator } from "kysely";
import type { Db } from "./connect";
import { migrations } from "./migrations/index";

export async function migrate(db: Db): Promise<MigrationResultSet> {
  // Numbers are handed out per issue, so a lower number can land after higher ones: apply whatever is missing.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
